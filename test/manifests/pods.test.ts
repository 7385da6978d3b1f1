// Pod templates and what their containers reference, as the kubelet resolves them: where each
// workload kind keeps its template, containers with their field paths, ports, the effective
// environment (env over envFrom), and the ConfigMaps, Secrets, claims and account a pod needs.
import { containerPorts, containersOf, environmentOf, folderContents, podReferences, podTemplateOf, podTemplates, readManifestTexts } from '../../src/manifests';
import { trimTrailingSlashes } from '../../src/manifests/json';

const read = (...texts: string[]) => {
  const set = readManifestTexts([{ file: 'f.yaml', text: texts.join('---\n') }]);
  expect(set.issues).toEqual([]);
  return set.inventory;
};

describe('pod templates', () => {
  const inventory = read(
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop, labels: {app: p, n: 1}}\nspec: {containers: [{name: c, image: i}]}\n',
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec: {jobTemplate: {spec: {template: {metadata: {labels: {app: cj}}, spec: {containers: [{name: c, image: i}]}}}}}\n',
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds, namespace: kube-system}\nspec: {template: {spec: {containers: [{name: c, image: i}]}}}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: broken}\nspec: {template: {spec: "none"}}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: p}}\n',
    'apiVersion: example.com/v1\nkind: Pod\nmetadata: {name: custom}\nspec: {containers: []}\n',
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: pods.example.com}\nspec: {group: example.com, scope: Cluster, names: {kind: Pod}}\n',
  );

  test('each workload kind\'s template, with its namespace, string labels and field paths; none for other kinds, a spec that is no mapping, a cluster-scoped kind', () => {
    expect(podTemplates(inventory).map((t) => ({ owner: t.owner.ref, namespace: t.namespace, labels: t.labels, specPath: t.specPath, labelsPath: t.labelsPath }))).toEqual([
      { owner: 'Pod/shop/p', namespace: 'shop', labels: { app: 'p' }, specPath: 'spec', labelsPath: 'metadata.labels' },
      { owner: 'CronJob/default/cj', namespace: 'default', labels: { app: 'cj' }, specPath: 'spec.jobTemplate.spec.template.spec', labelsPath: 'spec.jobTemplate.spec.template.metadata.labels' },
      { owner: 'DaemonSet/kube-system/ds', namespace: 'kube-system', labels: {}, specPath: 'spec.template.spec', labelsPath: 'spec.template.metadata.labels' },
    ]);
    expect(podTemplateOf(inventory.objects[0])?.spec).toEqual({ containers: [{ name: 'c', image: 'i' }] });
    expect(podTemplateOf(inventory.objects[4])).toBeUndefined();
  });
});

describe('containers', () => {
  const [template] = podTemplates(read(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - {name: web, ports: [{containerPort: 80}, {name: admin, containerPort: 9000, protocol: UDP}, {name: bad, containerPort: "80"}, 8080]}
        - "not a container"
        - {image: anonymous}
      initContainers: [{name: init}]
      ephemeralContainers: [{name: debug}]
`));

  test('every list, each entry with its own index in its field path; entries that are no mapping left out', () => {
    expect(containersOf(template).map((c) => [c.list, c.name, c.path])).toEqual([
      ['containers', 'web', 'spec.template.spec.containers[0]'],
      ['containers', '', 'spec.template.spec.containers[2]'],
      ['initContainers', 'init', 'spec.template.spec.initContainers[0]'],
      ['ephemeralContainers', 'debug', 'spec.template.spec.ephemeralContainers[0]'],
    ]);
  });

  test('ports: numeric containerPort only, TCP unless said otherwise', () => {
    expect(containerPorts(containersOf(template)[0].container)).toEqual([
      { containerPort: 80, name: undefined, protocol: 'TCP' },
      { containerPort: 9000, name: 'admin', protocol: 'UDP' },
    ]);
    expect(containerPorts({})).toEqual([]);
  });
});

describe('the environment of a container', () => {
  const inventory = read(
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {MODE: a, LEVEL: b}\n',
    'apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: shop}\nstringData: {PASSWORD: x, MODE: s}\n',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: elsewhere, namespace: other}\ndata: {FAR: x}\n',
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: web
          envFrom:
            - {configMapRef: {name: settings}, prefix: CFG_}
            - {secretRef: {name: creds}}
            - {configMapRef: {name: elsewhere}}
            - {configMapRef: {}}
            - "junk"
          env:
            - {name: MODE, value: plain}
            - {name: HOST, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
            - {name: ODD, valueFrom: {somethingNew: {}}}
            - {name: ONE, valueFrom: {configMapKeyRef: {name: settings, key: LEVEL}}}
            - {name: TWO, valueFrom: {secretKeyRef: {name: creds, key: PASSWORD}}}
            - {value: nameless}
            - "junk"
`,
  );
  const [template] = podTemplates(inventory);
  const [web] = containersOf(template);

  test('envFrom imports the keys of the ConfigMaps and Secrets found in its namespace (with their prefix); env entries win', () => {
    const env = environmentOf(web, 'shop', inventory);
    const E = 'spec.template.spec.containers[0]';
    expect([...env.values()]).toEqual([
      { name: 'CFG_MODE', from: 'configMapRef', ref: 'settings', key: 'MODE', field: `${E}.envFrom[0].configMapRef` },
      { name: 'CFG_LEVEL', from: 'configMapRef', ref: 'settings', key: 'LEVEL', field: `${E}.envFrom[0].configMapRef` },
      { name: 'PASSWORD', from: 'secretRef', ref: 'creds', key: 'PASSWORD', field: `${E}.envFrom[1].secretRef` },
      { name: 'MODE', from: 'value', field: `${E}.env[0]` },
      { name: 'HOST', from: 'fieldRef', field: `${E}.env[1].valueFrom` },
      { name: 'CPU', from: 'resourceFieldRef', field: `${E}.env[2].valueFrom` },
      { name: 'ODD', from: 'unknown', field: `${E}.env[3].valueFrom` },
      { name: 'ONE', from: 'configMapKeyRef', ref: 'settings', key: 'LEVEL', field: `${E}.env[4].valueFrom.configMapKeyRef` },
      { name: 'TWO', from: 'secretKeyRef', ref: 'creds', key: 'PASSWORD', field: `${E}.env[5].valueFrom.secretKeyRef` },
    ]);
  });

  test('envFrom is looked up in the pod\'s namespace: in another, other ConfigMaps and Secrets', () => {
    expect([...environmentOf(web, 'other', inventory).keys()]).toEqual(['FAR', 'MODE', 'HOST', 'CPU', 'ODD', 'ONE', 'TWO']);
  });
});

describe('what a pod references', () => {
  const [template] = podTemplates(read(`apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      serviceAccount: legacy
      initContainers:
        - name: init
          env:
            - {name: A, valueFrom: {secretKeyRef: {name: creds, key: PASSWORD, optional: true}}}
            - {name: B, valueFrom: {configMapKeyRef: {name: settings}}}
            - {name: C, value: plain}
            - "junk"
          envFrom:
            - {configMapRef: {name: settings, optional: true}}
            - {secretRef: {name: creds}}
            - "junk"
      volumes:
        - {name: conf, configMap: {name: files, optional: true, items: [{key: a.conf, path: a}, {path: nokey}, "junk"]}}
        - {name: certs, secret: {secretName: tls, items: [{key: tls.crt, path: crt}]}}
        - {name: mixed, projected: {sources: [{secret: {name: token}}, {configMap: {name: ca, items: [{key: ca.crt, path: ca}]}}, "junk", {serviceAccountToken: {path: t}}]}}
        - {name: data, persistentVolumeClaim: {claimName: data-claim}}
        - {persistentVolumeClaim: {claimName: unnamed-volume}}
        - {name: scratch, emptyDir: {}}
        - "junk"
`));
  const S = 'spec.template.spec';

  test('ConfigMaps and Secrets by env, envFrom, volumes and projected sources, each with the field naming it, whether optional, and the keys it needs', () => {
    const refs = podReferences(template);
    expect(refs.payloads).toEqual([
      { kind: 'Secret', name: 'creds', nameField: `${S}.initContainers[0].env[0].valueFrom.secretKeyRef.name`, optional: true, keys: [{ key: 'PASSWORD', field: `${S}.initContainers[0].env[0].valueFrom.secretKeyRef.key` }] },
      { kind: 'ConfigMap', name: 'settings', nameField: `${S}.initContainers[0].env[1].valueFrom.configMapKeyRef.name`, optional: false, keys: [] },
      { kind: 'ConfigMap', name: 'settings', nameField: `${S}.initContainers[0].envFrom[0].configMapRef.name`, optional: true, keys: [] },
      { kind: 'Secret', name: 'creds', nameField: `${S}.initContainers[0].envFrom[1].secretRef.name`, optional: false, keys: [] },
      { kind: 'ConfigMap', name: 'files', nameField: `${S}.volumes[0].configMap.name`, optional: true, keys: [{ key: 'a.conf', field: `${S}.volumes[0].configMap.items[0].key` }] },
      { kind: 'Secret', name: 'tls', nameField: `${S}.volumes[1].secret.secretName`, optional: false, keys: [{ key: 'tls.crt', field: `${S}.volumes[1].secret.items[0].key` }] },
      { kind: 'Secret', name: 'token', nameField: `${S}.volumes[2].projected.sources[0].secret.name`, optional: false, keys: [] },
      { kind: 'ConfigMap', name: 'ca', nameField: `${S}.volumes[2].projected.sources[1].configMap.name`, optional: false, keys: [{ key: 'ca.crt', field: `${S}.volumes[2].projected.sources[1].configMap.items[0].key` }] },
    ]);
  });

  test('claims with the volume that mounts them; the account under its deprecated name too', () => {
    const refs = podReferences(template);
    expect(refs.claims).toEqual([
      { claimName: 'data-claim', volume: 'data', field: `${S}.volumes[3].persistentVolumeClaim.claimName` },
      { claimName: 'unnamed-volume', volume: '', field: `${S}.volumes[4].persistentVolumeClaim.claimName` },
    ]);
    expect(refs.serviceAccount).toEqual({ name: 'legacy', field: `${S}.serviceAccount` });
  });

  test('serviceAccountName wins over the deprecated field; without either, no account', () => {
    const [both, none] = podTemplates(read(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {serviceAccountName: new, serviceAccount: old, containers: []}\n',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {serviceAccountName: "", containers: []}\n',
    ));
    expect(podReferences(both).serviceAccount).toEqual({ name: 'new', field: 'spec.serviceAccountName' });
    expect(podReferences(none)).toEqual({ payloads: [], claims: [], serviceAccount: undefined });
  });
});

test('a workload whose namespace is written empty is left to the context, like one without', () => {
  const [workload] = folderContents(read('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ""}\nspec: {}\n')).workloads;
  expect(workload).toEqual({ kind: 'Deployment', name: 'web', namespace: undefined, effectiveNamespace: 'default', file: 'f.yaml', rollout: true });
});

test.each([['/var/run/', '/var/run'], ['/a//', '/a'], ['/', '/'], ['///', '/'], ['a/', 'a'], ['', ''], ['/a/b', '/a/b']])('%j without trailing slashes is %j', (input, trimmed) => {
  expect(trimTrailingSlashes(input)).toBe(trimmed);
});
