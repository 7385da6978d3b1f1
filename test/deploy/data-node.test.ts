// npm run deploy -- --data-node NODE|auto: the node is read from the cluster (fake kubectl's
// `get nodes -o json`), the manifests are synthesized pinned to it into the variant folder (never
// the committed one) and that folder is applied.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { chooseDataNode, parseNodes } from '../../src/deploy';
import { runDeploy, useDeployProject } from './helpers';

const project = useDeployProject();
let root: string;
let log: string;
beforeEach(() => ({ root, log } = project));

const NO_CREDENTIALS = { POSTGRES_USER: undefined, POSTGRES_PASSWORD: undefined, POSTGRES_DB: undefined, POSTGRES_PASSWORD_FILE: undefined };
const GET_NODES = ['get', 'nodes', '-o', 'json'];

/** The node values the written PersistentVolume's required node affinity admits. */
function pinnedNodes(dir: string): string[] {
  const docs = fs.readFileSync(path.join(dir, 'postgres.volume.yaml'), 'utf8').split(/^---$/m).map((d) => parse(d) as Record<string, unknown> | null);
  const pv = docs.find((d) => d?.kind === 'PersistentVolume') as { spec: { nodeAffinity?: { required: { nodeSelectorTerms: { matchExpressions: { key: string; values: string[] }[] }[] } } } };
  return (pv.spec.nodeAffinity?.required.nodeSelectorTerms ?? []).flatMap((t) => t.matchExpressions.filter((e) => e.key === 'kubernetes.io/hostname').flatMap((e) => e.values));
}

function node(name: string, options: { unschedulable?: boolean; ready?: boolean; taints?: { key: string; effect: string }[]; controlPlane?: boolean; hostname?: string } = {}) {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': options.hostname ?? name, ...(options.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}) } },
    spec: { unschedulable: options.unschedulable ?? false, taints: options.taints ?? [] },
    status: { conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}
const nodesJson = (...items: ReturnType<typeof node>[]) => JSON.stringify({ kind: 'List', items });

describe('choosing the data node', () => {
  test('auto: the first Ready, uncordoned, untainted worker by name', () => {
    const nodes = parseNodes(nodesJson(
      node('worker-3'),
      node('cp', { controlPlane: true }),
      node('worker-1', { unschedulable: true }),
      node('worker-0', { ready: false }),
      node('worker-2b', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }),
      node('worker-2c', { taints: [{ key: 'maintenance', effect: 'NoExecute' }] }),
      node('worker-2a', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }),
    ));
    const choice = chooseDataNode(nodes, 'auto');
    expect(choice.ok && choice.node.name).toBe('worker-2a');
  });

  test('auto on a one-node cluster takes its schedulable control plane (k3s server)', () => {
    const choice = chooseDataNode(parseNodes(nodesJson(node('k3s-server', { controlPlane: true }))), 'auto');
    expect(choice).toMatchObject({ ok: true, node: { name: 'k3s-server' } });
  });

  test('the volume is pinned by the hostname label, which may differ from the node name', () => {
    const choice = chooseDataNode(parseNodes(nodesJson(node('ip-10-0-0-12.ec2.internal', { hostname: 'ip-10-0-0-12' }))), 'auto');
    expect(choice.ok && choice.node.hostname).toBe('ip-10-0-0-12');
  });

  test('no schedulable node: every node listed with its reason', () => {
    const choice = chooseDataNode(parseNodes(nodesJson(node('a', { unschedulable: true }), node('b', { ready: false }))), 'auto');
    expect(choice).toEqual({ ok: false, badFlag: false, message: "--data-node auto: no node can run the database; the cluster's nodes:\n  a: cordoned\n  b: not Ready" });
  });
});

describe('npm run deploy -- --data-node (fake kubectl)', () => {
  test('auto: chooses worker-2 (control plane tainted, worker-1 cordoned), applies dist-data-node/ pinned to it, says so', async () => {
    const before = fs.readFileSync(path.join(root, 'dist', 'postgres.volume.yaml'), 'utf8');
    const r = await runDeploy(['--data-node', 'auto'], { cwd: root, log, env: NO_CREDENTIALS });
    expect(r.code).toBe(0);
    // Only what synth says about these manifests: development credentials, no unpinned volume.
    expect(r.stderr).toBe('notice: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB not set: using development defaults (see README "Credentials"); set them for a real deployment\n');
    expect(r.calls.slice(0, 3)).toEqual([['config', 'current-context'], ['get', '--raw', '/version', '--request-timeout=10s'], GET_NODES]);
    expect(pinnedNodes(path.join(root, 'dist-data-node'))).toEqual(['worker-2']);
    const applied = r.calls.filter((c) => c[0] === 'apply').flatMap((c) => c.filter((a) => a.endsWith('.yaml')));
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((f) => f.startsWith('dist-data-node/'))).toBe(true);
    expect(fs.readFileSync(path.join(root, 'dist', 'postgres.volume.yaml'), 'utf8')).toBe(before);
    const line = 'data node: worker-2 (the first schedulable worker) holds the data of bernstein\'s node-local volumes; manifests pinned to it in dist-data-node/';
    expect(r.stdout.startsWith(`${line}\n`)).toBe(true);
    expect(r.stdout.endsWith(`${line}\n`)).toBe(true);
  });

  test('credentials from the environment go into the pinned manifests, in their own variant folder', async () => {
    const r = await runDeploy(['--data-node', 'worker-2'], { cwd: root, log, env: { ...NO_CREDENTIALS, POSTGRES_PASSWORD: 'real-secret' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('manifests pinned to it in dist-data-node-custom-credentials/');
    const secret = fs.readFileSync(path.join(root, 'dist-data-node-custom-credentials', 'postgres.secret.yaml'), 'utf8');
    expect(secret).toContain(Buffer.from('real-secret').toString('base64'));
    expect(r.stdout + r.stderr).not.toContain('real-secret');
  });

  test('a named node is checked against the cluster and pinned', async () => {
    const r = await runDeploy(['--data-node', 'worker-3'], { cwd: root, log, env: NO_CREDENTIALS });
    expect(r.code).toBe(0);
    expect(pinnedNodes(path.join(root, 'dist-data-node'))).toEqual(['worker-3']);
    expect(r.stdout).toContain('data node: worker-3 (as asked)');
  });

  test.each<[string, number, string]>([
    ['worker-9', 2, '--data-node: the cluster has no node "worker-9"; its nodes:\n  control-plane (control plane): tainted node-role.kubernetes.io/control-plane:NoSchedule\n  worker-1: cordoned\n  worker-2: schedulable\n  worker-3: schedulable\n  allowed: one of them, or --data-node auto'],
    ['worker-1', 1, '--data-node: node "worker-1" cannot run the database now (cordoned)'],
  ])('--data-node %s is refused (exit %d), nothing applied, nothing written', async (name, code, message) => {
    const r = await runDeploy(['--data-node', name], { cwd: root, log, env: NO_CREDENTIALS });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).toContain('nothing was applied.');
    expect(r.calls.filter((c) => c[0] === 'apply')).toEqual([]);
    expect(fs.existsSync(path.join(root, 'dist-data-node'))).toBe(false);
  });

  test('--dry-run with a named node writes the pinned folder and prints its commands, calling no kubectl', async () => {
    const r = await runDeploy(['--data-node', 'worker-2', '--dry-run'], { cwd: root, log, env: NO_CREDENTIALS });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(pinnedNodes(path.join(root, 'dist-data-node'))).toEqual(['worker-2']);
    expect(r.stdout).toContain('-f dist-data-node/postgres.volume.yaml');
    expect(r.stdout).toContain('data node: worker-2 (as asked; not checked against the cluster under --dry-run)');
  });

  test.each<[string[], string]>([
    [['--data-node', 'auto', '--dry-run'], "--data-node auto reads the cluster's nodes, which --dry-run does not; allowed with --dry-run: --data-node NODE"],
    [['--data-node', 'worker-2', '--dir', 'dist'], '--data-node synthesizes the manifests it applies (into a variant folder such as dist-data-node/); allowed: --data-node or --dir, not both'],
    [['--profile', 'modern', '--data-node', 'auto'], '--data-node: stack "bernstein" profile "modern" claims its volumes from a StorageClass'],
    [['--stack', 'lifespan', '--data-node', 'worker-2'], '--data-node: stack "lifespan" profile "spec" claims its volumes from a StorageClass'],
    [['--data-node', 'Worker_2'], 'storage: --data-node "Worker_2" is invalid'],
  ])('usage error %j: exit 2, no kubectl call', async (args, message) => {
    const r = await runDeploy(args, { cwd: root, log, env: NO_CREDENTIALS });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.calls).toEqual([]);
  });
});
