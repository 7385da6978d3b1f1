// Identifying objects (buildInventory) and looking them up (Inventory), the way the API server and
// kubectl see them: kinds, scopes, effective namespaces, Lists, what is no object at all.
import { buildInventory, BUILTIN_CLUSTER_ROLES, BUILTIN_NAMESPACES, documentLabel, folderContents, Inventory, payloadKeys, readManifestTexts } from '../../src/manifests';
import { ManifestDocument } from '../../src/manifests/types';

const doc = (content: unknown, index?: number, file = 'f.yaml'): ManifestDocument => ({ file, ...(index === undefined ? {} : { index }), content });
const inventoryOf = (...contents: unknown[]) => buildInventory(contents.map((c, i) => doc(c, i)));

describe('identifying objects', () => {
  test('kind, API group, scope, the namespace as written and as the API server sees it, and a display name', () => {
    const built = inventoryOf(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'blank', namespace: '' } },
      { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'data', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'Service', metadata: {} },
    );
    expect(built.issues).toEqual([]);
    expect(built.inventory.objects.map(({ body: _body, ...o }) => o)).toEqual([
      { file: 'f.yaml', index: 0, apiVersion: 'apps/v1', group: 'apps', kind: 'Deployment', name: 'web', declaredNamespace: 'shop', namespace: 'shop', clusterScoped: false, ref: 'Deployment/shop/web' },
      { file: 'f.yaml', index: 1, apiVersion: 'v1', group: '', kind: 'ConfigMap', name: 'settings', declaredNamespace: undefined, namespace: 'default', clusterScoped: false, ref: 'ConfigMap/default/settings' },
      { file: 'f.yaml', index: 2, apiVersion: 'v1', group: '', kind: 'Secret', name: 'blank', declaredNamespace: '', namespace: 'default', clusterScoped: false, ref: 'Secret/default/blank' },
      // A namespace written on a cluster-scoped object is ignored by the API server.
      { file: 'f.yaml', index: 3, apiVersion: 'v1', group: '', kind: 'PersistentVolume', name: 'data', declaredNamespace: 'shop', namespace: undefined, clusterScoped: true, ref: 'PersistentVolume/data' },
      { file: 'f.yaml', index: 4, apiVersion: 'v1', group: '', kind: 'Service', name: '', declaredNamespace: undefined, namespace: 'default', clusterScoped: false, ref: 'Service/default/<unnamed document 5>' },
    ]);
    expect(buildInventory([doc({ apiVersion: 'v1', kind: 'Namespace' })]).inventory.objects[0]).toMatchObject({ index: 0, ref: 'Namespace/<unnamed document 1>' });
  });

  test('a kind is cluster-scoped when a CustomResourceDefinition of the folder says so for its group (not for another group, not when Namespaced)', () => {
    const crd = (group: unknown, kind: unknown, scope: string) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `x.${String(group)}` }, spec: { group, scope, names: { kind } } });
    const built = inventoryOf(
      { apiVersion: 'example.com/v1', kind: 'Tenant', metadata: { name: 'a', namespace: 'shop' } },
      { apiVersion: 'other.io/v1', kind: 'Tenant', metadata: { name: 'b', namespace: 'shop' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'c', namespace: 'shop' } },
      { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'd' } },
      crd('example.com', 'Tenant', 'Cluster'),
      crd('example.com', 'Widget', 'Namespaced'),
      crd(undefined, 'Gadget', 'Cluster'),
      // A CRD names a group of its own: one without cannot make a core kind cluster-scoped.
      crd('', 'Gizmo', 'Cluster'),
      { apiVersion: 'v1', kind: 'Gizmo', metadata: { name: 'g', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'List', items: [crd('list.io', 'Thing', 'Cluster')] },
      { apiVersion: 'list.io/v1', kind: 'Thing', metadata: { name: 'e', namespace: 'shop' } },
    );
    expect(built.inventory.objects.filter((o) => o.kind !== 'CustomResourceDefinition').map((o) => o.ref)).toEqual(['Tenant/a', 'Tenant/shop/b', 'Widget/shop/c', 'Gadget/default/d', 'Gizmo/shop/g', 'Thing/e']);
    // A workload kind of its own, cluster-scoped, is no workload a deploy waits for.
    expect(folderContents(inventoryOf(crd('example.com', 'Deployment', 'Cluster'), { apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'shop' } }).inventory).workloads).toEqual([]);
    // Only a CustomResourceDefinition declares a scope: another kind with the same spec declares nothing.
    const lookalike = inventoryOf(
      { apiVersion: 'example.com/v1', kind: 'Blueprint', metadata: { name: 'bp', namespace: 'shop' }, spec: { group: 'shape.io', scope: 'Cluster', names: { kind: 'Shape' } } },
      { apiVersion: 'shape.io/v1', kind: 'Shape', metadata: { name: 's', namespace: 'shop' } },
    );
    expect(lookalike.inventory.objects.map((o) => o.ref)).toEqual(['Blueprint/shop/bp', 'Shape/shop/s']);
  });

  // kube-apiserver's cluster-scoped kinds (`kubectl api-resources --namespaced=false`, Kubernetes
  // API reference), the older ones our checker still meets, and the Gateway API's GatewayClass.
  test.each([
    ['v1', ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus']],
    ['rbac.authorization.k8s.io/v1', ['ClusterRole', 'ClusterRoleBinding']],
    ['storage.k8s.io/v1', ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass']],
    ['networking.k8s.io/v1', ['IngressClass', 'IPAddress', 'ServiceCIDR', 'ClusterCIDR']],
    ['apiextensions.k8s.io/v1', ['CustomResourceDefinition']],
    ['apiregistration.k8s.io/v1', ['APIService']],
    ['gateway.networking.k8s.io/v1', ['GatewayClass']],
    ['admissionregistration.k8s.io/v1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding']],
    ['scheduling.k8s.io/v1', ['PriorityClass']],
    ['node.k8s.io/v1', ['RuntimeClass']],
    ['policy/v1beta1', ['PodSecurityPolicy']],
    ['certificates.k8s.io/v1', ['CertificateSigningRequest', 'ClusterTrustBundle']],
    ['flowcontrol.apiserver.k8s.io/v1', ['FlowSchema', 'PriorityLevelConfiguration']],
    ['internal.apiserver.k8s.io/v1alpha1', ['StorageVersion']],
    ['storagemigration.k8s.io/v1alpha1', ['StorageVersionMigration']],
    ['authentication.k8s.io/v1', ['TokenReview', 'SelfSubjectReview']],
    ['authorization.k8s.io/v1', ['SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview']],
    ['resource.k8s.io/v1', ['DeviceClass', 'ResourceClass', 'ResourceSlice']],
  ])('%s: %j live outside namespaces', (apiVersion, kinds) => {
    const built = inventoryOf(...kinds.map((kind) => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'shop' } })));
    expect(built.inventory.objects.map((o) => [o.ref, o.namespace, o.clusterScoped])).toEqual(kinds.map((kind) => [`${kind}/x`, undefined, true]));
  });

  test('the namespaces every cluster has, and the ClusterRoles kube-apiserver bootstraps for users', () => {
    expect([...BUILTIN_NAMESPACES].sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect([...BUILTIN_CLUSTER_ROLES].sort()).toEqual(['admin', 'cluster-admin', 'edit', 'view']);
  });
});

describe('what is no object', () => {
  test('Lists (any *List with items, nested too) are applied item by item; an item that is no mapping is named', () => {
    const built = buildInventory([
      doc({ apiVersion: 'v1', kind: 'ConfigMapList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, 'oops', { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } }, 3] }] }, 0),
      doc({ apiVersion: 'example.com/v1', kind: 'PlayList', metadata: { name: 'not-a-list' }, items: 'songs' }, 1),
      doc({ apiVersion: 'example.com/v1', kind: 'Blocklist', metadata: { name: 'lower-case' }, items: [] }, 2),
    ]);
    expect(built.inventory.objects.map((o) => [o.ref, o.index])).toEqual([['ConfigMap/default/a', 0], ['Secret/default/b', 0], ['PlayList/default/not-a-list', 1], ['Blocklist/default/lower-case', 2]]);
    expect(built.issues).toEqual([
      { severity: 'error', file: 'f.yaml', object: 'document 1', field: '-', message: 'ConfigMapList item is not a mapping', rule: 'yaml.not-object' },
      { severity: 'error', file: 'f.yaml', object: 'document 1', field: '-', message: 'List item is not a mapping', rule: 'yaml.not-object' },
    ]);
  });

  test('a document that is no mapping, or lacks apiVersion or kind, is one error naming it; an empty one is skipped', () => {
    const built = buildInventory([
      doc(['a'], 0), doc('text', 1), doc(7, 2), doc(null, 3), doc(undefined, 4),
      doc({ kind: 'ConfigMap', metadata: { name: 'a' } }, 5), doc({ apiVersion: 'v1' }, 6), doc({ metadata: { name: 'c' } }, 7), doc({ apiVersion: 1, kind: true }, 8),
    ]);
    expect(built.inventory.objects).toEqual([]);
    expect(built.issues.map((i) => [i.object, i.field, i.message, i.rule])).toEqual([
      ['document 1', '-', 'a Kubernetes object must be a mapping; document 1 is a list', 'yaml.not-object'],
      ['document 2', '-', 'a Kubernetes object must be a mapping; document 2 is a string', 'yaml.not-object'],
      ['document 3', '-', 'a Kubernetes object must be a mapping; document 3 is a number', 'yaml.not-object'],
      ['document 6', 'apiVersion', 'missing apiVersion: not a Kubernetes object', 'schema.required'],
      ['document 7', 'kind', 'missing kind: not a Kubernetes object', 'schema.required'],
      ['document 8', 'apiVersion', 'missing apiVersion and kind: not a Kubernetes object', 'schema.required'],
      ['document 9', 'apiVersion', 'missing apiVersion and kind: not a Kubernetes object', 'schema.required'],
    ]);
    expect(built.issues.every((i) => i.severity === 'error' && i.file === 'f.yaml')).toBe(true);
    expect(documentLabel({ file: 'f.yaml', content: {} })).toBe('document 1');
  });
});

describe('looking objects up', () => {
  const cm = (name: string, namespace?: string, file = 'cm.yaml') => ({ file, content: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) } } });
  const { inventory } = buildInventory([
    cm('a', 'shop', 'first.yaml'), cm('a', 'shop', 'second.yaml'),
    { file: 'svc.yaml', content: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'shop' } } },
    { file: 'pv.yaml', content: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'data' } } },
    cm('e', 'other'),
  ]);

  test('by kind, namespace and name (the first of duplicates); by kind in folder order; by kind in a namespace', () => {
    expect(inventory.find('ConfigMap', 'shop', 'a')?.file).toBe('first.yaml');
    expect(inventory.find('ConfigMap', 'other', 'a')).toBeUndefined();
    expect(inventory.find('Service', 'shop', 'a')?.file).toBe('svc.yaml');
    expect(inventory.find('PersistentVolume', undefined, 'data')?.file).toBe('pv.yaml');
    expect(inventory.ofKind('Service').map((o) => o.ref)).toEqual(['Service/shop/a']);
    expect(inventory.ofKind('Service', 'PersistentVolume').map((o) => o.ref)).toEqual(['Service/shop/a', 'PersistentVolume/data']);
    expect(inventory.ofKind('Ingress')).toEqual([]);
    inventory.ofKind('Service').pop();
    expect(inventory.ofKind('Service')).toHaveLength(1);
    expect(inventory.inNamespace('ConfigMap', 'other').map((o) => o.name)).toEqual(['e']);
    expect(inventory.inNamespace('Ingress', 'shop')).toEqual([]);
  });

  test('why a lookup failed: the same name elsewhere, else a few names that are there', () => {
    expect(inventory.missingHint('ConfigMap', 'default', 'e')).toBe(' (there is one in namespace other, in cm.yaml)');
    expect(inventory.missingHint('PersistentVolume', 'shop', 'data')).toBe(' (there is one in namespace (cluster), in pv.yaml)');
    expect(inventory.missingHint('ConfigMap', 'other', 'zz')).toBe(' (ConfigMaps there: e)');
    expect(inventory.missingHint('Service', 'shop', 'b')).toBe(' (Services there: a)');
    expect(inventory.missingHint('Secret', 'shop', 'x')).toBe('');
    // Elsewhere means the same kind and the same name: neither another kind of that name nor another name of that kind.
    const elsewhere = buildInventory([cm('db', 'other'), doc({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'other' } })]).inventory;
    expect(elsewhere.missingHint('Service', 'shop', 'db')).toBe('');
    expect(elsewhere.missingHint('Service', 'shop', 'web')).toBe('');
    // Four names are shown, the unnamed left out; more are cut short.
    const four = buildInventory(['a', '', 'b', 'c', 'd'].map((n) => cm(n, 'x'))).inventory;
    expect(four.missingHint('ConfigMap', 'x', 'z')).toBe(' (ConfigMaps there: a, b, c, d)');
    const five = buildInventory(['a', 'b', 'c', 'd', 'e'].map((n) => cm(n, 'x'))).inventory;
    expect(five.missingHint('ConfigMap', 'x', 'z')).toBe(' (ConfigMaps there: a, b, c, d, …)');
    const unnamed = buildInventory([cm('', 'x')]).inventory;
    expect(unnamed.missingHint('ConfigMap', 'x', 'z')).toBe('');
    expect(new Inventory([]).missingHint('ConfigMap', 'x', 'z')).toBe('');
  });

  test('the keys of a ConfigMap (data, binaryData) and of a Secret (data, stringData)', () => {
    const set = readManifestTexts([{ file: 'p.yaml', text: [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: "1"}\nbinaryData: {B: AA==}\nstringData: {C: x}\n',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {A: MQ==}\nstringData: {D: x}\nbinaryData: {B: AA==}\n',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: odd}\ndata: [A]\n',
    ].join('---\n') }]);
    expect(set.inventory.objects.map((o) => [...payloadKeys(o)])).toEqual([['A', 'B'], ['A', 'D'], []]);
  });
});
