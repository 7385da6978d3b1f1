// Issue 12: data stays with its database. The scheduler's rule is evaluated here on the objects:
// a pod that mounts a claim bound to a PersistentVolume with node affinity runs only on nodes
// matching that affinity (and its own nodeSelector / node affinity).
import { checkObjects } from '../helpers/check';
import { at, containers, FiledObject, find, K8sObject, namespaceOf, podSpec, synthObjects } from '../helpers/manifests';
import { synthesize, SynthRequest } from '../../src/synth';
import { STACKS } from '../../src/charts/stacks';

/** A three-node cluster, each node labelled the way the kubelet labels it. */
const NODES = ['worker-1', 'worker-2', 'worker-3'].map((name) => ({ name, labels: { 'kubernetes.io/hostname': name } }));
type Node = (typeof NODES)[number];

interface Requirement { key: string; operator: string; values?: string[] }
interface Term { matchExpressions?: Requirement[] }

/** The scheduler's node-selector-term semantics: terms are ORed, expressions within a term ANDed. */
function matchesTerms(node: Node, terms: readonly Term[]): boolean {
  return terms.some((term) => (term.matchExpressions ?? []).every((r) => {
    const value = (node.labels as Record<string, string>)[r.key];
    switch (r.operator) {
      case 'In': return value !== undefined && (r.values ?? []).includes(value);
      case 'NotIn': return value === undefined || !(r.values ?? []).includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: throw new Error(`operator ${r.operator} not modelled`);
    }
  }));
}

/**
 * Nodes `workload`'s pods can be scheduled on: its own nodeSelector and required node affinity,
 * and for every claim it mounts, the required node affinity of the PersistentVolume the claim
 * is bound to (the VolumeBinding / VolumeZone checks of the scheduler).
 */
function schedulableNodes(objects: readonly FiledObject[], workload: K8sObject): string[] {
  const spec = podSpec(workload);
  const constraints: ((node: Node) => boolean)[] = [];
  const selector = at<Record<string, string> | undefined>(spec, 'nodeSelector');
  if (selector) constraints.push((node) => Object.entries(selector).every(([k, v]) => (node.labels as Record<string, string>)[k] === v));
  const podTerms = at<Term[] | undefined>(spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  if (podTerms) constraints.push((node) => matchesTerms(node, podTerms));
  for (const volume of at<{ persistentVolumeClaim?: { claimName: string } }[]>(spec, 'volumes') ?? []) {
    if (!volume.persistentVolumeClaim) continue;
    const claim = objects.map((o) => o.object).find((o) => o.kind === 'PersistentVolumeClaim'
      && o.metadata.name === volume.persistentVolumeClaim!.claimName && namespaceOf(o) === namespaceOf(workload));
    if (!claim) throw new Error(`claim ${volume.persistentVolumeClaim.claimName} missing`);
    const volumeName = at<string | undefined>(claim, 'spec', 'volumeName');
    if (volumeName === undefined) continue; // provisioned: the provisioner decides
    const pv = find(objects, 'PersistentVolume', volumeName);
    const pvTerms = at<Term[] | undefined>(pv, 'spec', 'nodeAffinity', 'required', 'nodeSelectorTerms');
    if (pvTerms) constraints.push((node) => matchesTerms(node, pvTerms));
  }
  return NODES.filter((node) => constraints.every((c) => c(node))).map((n) => n.name);
}

function errorsOf(objects: readonly FiledObject[], k8s: string): string[] {
  return checkObjects(objects, { k8s }).filter((p) => p.severity === 'error').map((p) => `${p.rule} ${p.object} ${p.field}: ${p.message}`);
}

describe('spec: the hostPath volume, pinned with --data-node', () => {
  const pinned = synthObjects({ dataNode: 'worker-2' });
  const unpinned = synthObjects();

  test('postgres can only run on the data node, through claim → PersistentVolume → nodeAffinity', () => {
    const postgres = find(pinned, 'Deployment', 'postgres');
    expect(schedulableNodes(pinned, postgres)).toEqual(['worker-2']);
    expect(at(find(pinned, 'PersistentVolume', 'postgres-pv'), 'spec', 'nodeAffinity')).toEqual({
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-2'] }] }] },
    });
  });

  test('without it, postgres may start on any node (the data would stay behind)', () => {
    expect(schedulableNodes(unpinned, find(unpinned, 'Deployment', 'postgres'))).toEqual(NODES.map((n) => n.name));
  });

  test('pinning changes nothing but the volume file: the spec PV+PVC stay in postgres.volume.yaml', () => {
    const canonical = synthesize({ env: {} }).rendered;
    const variant = synthesize({ env: {}, dataNode: 'worker-2' }).rendered;
    expect([...variant.keys()]).toEqual([...canonical.keys()]);
    expect([...canonical.keys()].filter((f) => canonical.get(f) !== variant.get(f))).toEqual(['postgres.volume.yaml']);
    expect(pinned.filter((o) => o.file === 'postgres.volume.yaml').map((o) => o.object.kind)).toEqual(['PersistentVolume', 'PersistentVolumeClaim']);
    expect(at(find(pinned, 'PersistentVolumeClaim', 'postgres-pvc'), 'spec', 'volumeName')).toBe('postgres-pv');
  });

  test('synth says plainly that unpinned data is node-local and how to pin it; pinned, it says nothing', () => {
    const notices = synthesize({ env: {} }).notices.filter((n) => n.includes('PersistentVolume'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('postgres-pv');
    expect(notices[0]).toContain('/data/postgres');
    expect(notices[0]).toContain('--data-node NODE');
    expect(synthesize({ env: {}, dataNode: 'worker-2' }).notices.filter((n) => n.includes('PersistentVolume'))).toEqual([]);
  });

  test.each(['1.27', '1.33'])('schema-valid on Kubernetes %s', (k8s) => {
    expect(errorsOf(pinned, k8s)).toEqual([]);
  });
});

describe('provisioned profiles and stacks: claims from a StorageClass, no hand-made volume', () => {
  const provisioned = STACKS.flatMap((stack) => stack.profiles.filter((p) => stack.storage(p) === 'provisioned').map((profile) => ({ stack: stack.name, profile })));

  test('bernstein modern and hardened, promotions, lifespan and smack are the provisioned ones', () => {
    expect(provisioned).toEqual([
      { stack: 'bernstein', profile: 'modern' },
      { stack: 'bernstein', profile: 'hardened' },
      { stack: 'promotions', profile: 'spec' },
      { stack: 'promotions', profile: 'hardened' },
      { stack: 'lifespan', profile: 'spec' },
      { stack: 'lifespan', profile: 'hardened' },
      { stack: 'smack', profile: 'spec' },
      { stack: 'smack', profile: 'hardened' },
    ]);
  });

  describe.each(provisioned)('$stack $profile', ({ stack, profile }) => {
    const objects = synthObjects({ stack, profile });
    const claimsOf = (set: readonly FiledObject[]) => set.flatMap(({ object }) => [
      ...(object.kind === 'PersistentVolumeClaim' ? [at<Record<string, unknown>>(object, 'spec')] : []),
      ...(at<{ spec: Record<string, unknown> }[]>(object, 'spec', 'volumeClaimTemplates') ?? []).map((t) => t.spec),
    ]);

    test('no PersistentVolume; every claim names no volume and no class (the default StorageClass)', () => {
      expect(objects.filter((o) => o.object.kind === 'PersistentVolume')).toEqual([]);
      expect(claimsOf(objects).length).toBeGreaterThan(0);
      for (const claim of claimsOf(objects)) {
        expect(claim.volumeName).toBeUndefined();
        expect(claim.storageClassName).toBeUndefined();
      }
    });

    test('--storage-class names the class of every claim; schema-valid on 1.27 and 1.33', () => {
      const classed = synthObjects({ stack, profile, storageClass: 'fast-ssd' });
      expect(claimsOf(classed).map((c) => c.storageClassName)).toEqual(claimsOf(objects).map(() => 'fast-ssd'));
      expect(errorsOf(classed, '1.27')).toEqual([]);
      expect(errorsOf(classed, '1.33')).toEqual([]);
    });

    test('--data-node is refused, naming the flag and what to use instead', () => {
      expect(() => synthesize({ env: {}, stack, profile, dataNode: 'worker-2' }))
        .toThrow(`--data-node: stack "${stack}" profile "${profile}" claims its volumes from a StorageClass`);
    });
  });

  test('promotions keeps MongoDB\'s data at /data/crf, as its seed asks', () => {
    const objects = synthObjects({ stack: 'promotions', storageClass: 'fast-ssd' });
    const [mongodb] = containers(find(objects, 'Deployment', 'mongodb'));
    expect(mongodb.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data/crf' });
    expect(mongodb.args).toEqual(expect.arrayContaining(['--dbpath', '/data/crf']));
  });
});

describe('flags a profile gives no meaning, and malformed names, are refused', () => {
  test.each<[SynthRequest, string]>([
    [{ storageClass: 'fast-ssd' }, '--storage-class: stack "bernstein" profile "spec" keeps its data in hand-made hostPath volumes, which use no StorageClass; allowed: --data-node NODE, or --profile modern (provisioned claims) with --storage-class'],
    [{ profile: 'modern', dataNode: 'worker-2' }, '--data-node: stack "bernstein" profile "modern" claims its volumes from a StorageClass, and a provisioned volume carries its own node affinity: there is no node-local volume to pin; allowed: --storage-class NAME, or --profile spec (node-local volumes) with --data-node'],
    [{ dataNode: 'Worker_2' }, 'storage: --data-node "Worker_2" is invalid; allowed: a node name'],
    [{ profile: 'modern', storageClass: 'Fast SSD' }, 'storage: --storage-class "Fast SSD" is invalid; allowed: a StorageClass name'],
    [{ dataNode: `${'a'.repeat(64)}` }, '--data-node'],
  ])('%j', (request, message) => {
    expect(() => synthesize({ env: {}, ...request })).toThrow(message);
  });
});

test('the checker\'s data-safety warning names today\'s unpinned dist/ volume and nothing once it is pinned', () => {
  const warningsOf = (objects: readonly FiledObject[]) => checkObjects(objects).filter((p) => p.severity === 'warning').map((p) => `${p.rule} ${p.object}`);
  expect(warningsOf(synthObjects())).toContain('data.unpinned-host-volume PersistentVolume/postgres-pv');
  expect(warningsOf(synthObjects({ dataNode: 'worker-2' })).filter((w) => w.startsWith('data.'))).toEqual([]);
  expect(warningsOf(synthObjects({ profile: 'modern' })).filter((w) => w.startsWith('data.'))).toEqual([]);
  expect(warningsOf(synthObjects({ profile: 'hardened' })).filter((w) => w.startsWith('data.'))).toEqual([]);
});
