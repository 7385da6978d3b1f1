// The manifest model's small pieces, by their documented meaning: label selectors as the API
// server evaluates them, kubectl-style field paths, YAML-to-JSON copying, API versions, the
// lists of kinds, and the unpinned node-local volume.
import {
  CLUSTER_SCOPED_KINDS,
  describeMap,
  describeSelector,
  isEmptySelector,
  mapSelectorMatches,
  parseLabelSelector,
  POD_TEMPLATE_PATHS,
  REPLICATED_KINDS,
  ROLLOUT_KINDS,
  selectorMatches,
  splitApiVersion,
  unpinnedNodeLocalSource,
  WORKLOAD_KINDS,
} from '../../src/manifests';
import { asArray, asNumber, asObject, asString, dig, isObject, path, stringMap, toJson } from '../../src/manifests/json';
import { JsonValue } from '../../src/manifests/types';

describe('label selectors (Kubernetes semantics: every requirement ANDed)', () => {
  const labels = { app: 'web', tier: 'front' };
  const selector = (v: unknown) => parseLabelSelector(v as JsonValue)!;

  test.each([
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'db' } }, false],
    [{ matchLabels: { app: 'web', zone: 'a' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['back'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, false],
    [{}, true],
  ])('%j selects {app: web, tier: front}: %s', (raw, selected) => {
    expect(selectorMatches(selector(raw), labels)).toBe(selected);
  });

  test('a missing selector is undefined; malformed requirements and non-string values are dropped', () => {
    expect(parseLabelSelector(undefined)).toBeUndefined();
    expect(parseLabelSelector('app=web')).toBeUndefined();
    expect(selector({ matchLabels: { app: 'web', n: 1 }, matchExpressions: [{ key: 'a' }, { operator: 'Exists' }, 'x', { key: 'k', operator: 'In', values: ['v', 2] }] })).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }],
    });
  });

  test('empty means no label and no expression', () => {
    expect(isEmptySelector(selector({}))).toBe(true);
    expect(isEmptySelector(selector({ matchLabels: { a: 'b' } }))).toBe(false);
    expect(isEmptySelector(selector({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }))).toBe(false);
  });

  test('equality selectors need every pair', () => {
    expect(mapSelectorMatches({ app: 'web' }, labels)).toBe(true);
    expect(mapSelectorMatches({ app: 'web', tier: 'back' }, labels)).toBe(false);
    expect(mapSelectorMatches({}, labels)).toBe(true);
  });

  test('descriptions read like kubectl\'s', () => {
    expect(describeMap({ app: 'web', tier: 'front' })).toBe('app=web,tier=front');
    expect(describeMap({})).toBe('(none)');
    expect(describeSelector(selector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'a', operator: 'Exists' }, { key: 'b', operator: 'DoesNotExist' },
        { key: 'c', operator: 'In', values: ['x', 'y'] }, { key: 'd', operator: 'NotIn', values: ['z'] }, { key: 'e', operator: 'Gt', values: ['1'] },
      ],
    }))).toBe('app=web,a,!b,c in (x,y),d notin (z),e Gt (1)');
    expect(describeSelector(selector({}))).toBe('(everything)');
  });
});

describe('JSON helpers', () => {
  test('narrowing', () => {
    expect([isObject({}), isObject([]), isObject(null), isObject('x')]).toEqual([true, false, false, false]);
    expect([asObject({ a: 1 }), asObject([1])]).toEqual([{ a: 1 }, undefined]);
    expect([asArray([1]), asArray({ a: 1 }), asArray(undefined)]).toEqual([[1], [], []]);
    expect([asString('a'), asString(1)]).toEqual(['a', undefined]);
    expect([asNumber(1), asNumber('1')]).toEqual([1, undefined]);
    expect(stringMap({ a: 'b', c: 1, d: null })).toEqual({ a: 'b' });
    expect(stringMap('x')).toEqual({});
  });

  test('dig walks objects only', () => {
    const doc = { spec: { template: { spec: { containers: [{ name: 'c' }] } } } };
    expect(dig(doc, 'spec', 'template', 'spec')).toEqual({ containers: [{ name: 'c' }] });
    expect(dig(doc, 'spec', 'missing', 'spec')).toBeUndefined();
    expect(dig(doc, 'spec', 'template', 'spec', 'containers', '0')).toBeUndefined();
    expect(dig(doc)).toBe(doc);
  });

  test('field paths in kubectl notation', () => {
    expect(path('', 'spec', 'containers', 0, 'name')).toBe('spec.containers[0].name');
    expect(path('metadata', 'labels', 'app.kubernetes.io/name')).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(path('a', '$x', '_y', 'z-1', '1z')).toBe('a.$x._y.z-1["1z"]');
    expect(path('')).toBe('');
  });

  test('toJson drops null and undefined in mappings, keeps them as null in lists, and turns dates and bigints into JSON', () => {
    expect(toJson({ a: null, b: undefined, c: [null, 1], d: new Date('2026-12-06T10:00:00Z'), e: BigInt(7), f: { g: true } })).toEqual({
      c: [null, 1],
      d: '2026-12-06T10:00:00.000Z',
      e: 7,
      f: { g: true },
    });
    expect([toJson(null), toJson(undefined), toJson('s'), toJson(false), toJson(2.5)]).toEqual([null, null, 's', false, 2.5]);
    expect(toJson(Symbol.for('x'))).toBe('Symbol(x)');
  });
});

describe('kinds', () => {
  test.each([
    ['apps/v1', { group: 'apps', version: 'v1' }],
    ['v1', { group: '', version: 'v1' }],
    ['networking.k8s.io/v1', { group: 'networking.k8s.io', version: 'v1' }],
    ['gateway.networking.k8s.io/v1beta1', { group: 'gateway.networking.k8s.io', version: 'v1beta1' }],
    // apimachinery's ParseGroupVersion splits at the one slash, an empty group included.
    ['/v1', { group: '', version: 'v1' }],
  ])('%s', (apiVersion, split) => {
    expect(splitApiVersion(apiVersion)).toEqual(split);
  });

  test('the workload kinds, where each keeps its pod template, and which have replicas and rollouts', () => {
    expect(WORKLOAD_KINDS).toEqual(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']) {
      expect([kind, POD_TEMPLATE_PATHS[kind]]).toEqual([kind, { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] }]);
    }
    expect(POD_TEMPLATE_PATHS.CronJob).toEqual({ metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'], spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] });
    expect(POD_TEMPLATE_PATHS.Pod).toEqual({ metadata: ['metadata'], spec: ['spec'] });
    expect([...REPLICATED_KINDS].sort()).toEqual(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
    expect([...ROLLOUT_KINDS].sort()).toEqual(['DaemonSet', 'Deployment', 'StatefulSet']);
  });

  test('cluster-scoped kinds include those our stacks and the checker meet, and no namespaced kind', () => {
    for (const kind of ['Namespace', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'IngressClass', 'CustomResourceDefinition', 'PriorityClass', 'ValidatingWebhookConfiguration']) {
      expect([kind, CLUSTER_SCOPED_KINDS.has(kind)]).toEqual([kind, true]);
    }
    for (const kind of ['Deployment', 'Service', 'ConfigMap', 'Secret', 'Role', 'RoleBinding', 'PersistentVolumeClaim', 'Ingress', 'NetworkPolicy', 'ServiceAccount']) {
      expect([kind, CLUSTER_SCOPED_KINDS.has(kind)]).toEqual([kind, false]);
    }
  });
});

describe('unpinnedNodeLocalSource', () => {
  const pv = (spec: object) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec });
  test.each([
    ['a hostPath without node affinity', pv({ hostPath: { path: '/data/db' } }), { kind: 'hostPath', path: '/data/db' }],
    ['a local volume without node affinity', pv({ local: { path: '/mnt/disk' } }), { kind: 'local', path: '/mnt/disk' }],
    ['a hostPath without a path', pv({ hostPath: {} }), { kind: 'hostPath', path: undefined }],
    ['a pinned hostPath', pv({ hostPath: { path: '/d' }, nodeAffinity: { required: {} } }), undefined],
    ['a network volume', pv({ nfs: { server: 'n', path: '/' } }), undefined],
    ['a claim', { kind: 'PersistentVolumeClaim', spec: { hostPath: { path: '/d' } } }, undefined],
    ['no spec', { kind: 'PersistentVolume' }, undefined],
    ['not an object', 'PersistentVolume', undefined],
  ])('%s', (_what, object, expected) => {
    expect(unpinnedNodeLocalSource(object)).toEqual(expected);
  });
});
