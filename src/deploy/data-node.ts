/**
 * Which node keeps a stack's node-local data (`npm run deploy -- --data-node NODE|auto`), read
 * from `kubectl get nodes -o json`. A hostPath volume is pinned by the node's
 * `kubernetes.io/hostname` label, so that label (usually the node name) is what the choice returns.
 */
import { KubectlRunner, failureText, succeeded, withContext } from './kubectl';

/** `--data-node auto`: the first schedulable worker. */
export const AUTO_DATA_NODE = 'auto';

const HOSTNAME_LABEL = 'kubernetes.io/hostname';
const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
// Taints that keep a pod without a matching toleration off the node (PreferNoSchedule does not).
const REPELLING_EFFECTS = ['NoSchedule', 'NoExecute'];

/** The fields of a Node the choice reads. */
interface NodeJson {
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly spec?: { readonly unschedulable?: boolean; readonly taints?: readonly { readonly key?: string; readonly value?: string; readonly effect?: string }[] };
  readonly status?: { readonly conditions?: readonly { readonly type?: string; readonly status?: string }[] };
}

/** A node and why a database pod could not be scheduled there (empty: it can). */
export interface DataNodeCandidate {
  readonly name: string;
  /** Value of its `kubernetes.io/hostname` label, which the volume's node affinity names. */
  readonly hostname: string;
  readonly controlPlane: boolean;
  readonly problems: readonly string[];
}

/** kubectl arguments listing the nodes. */
export function listNodesArgs(context?: string): string[] {
  return withContext(context, ['get', 'nodes', '-o', 'json']);
}

/** The nodes of a `kubectl get nodes -o json` answer, sorted by name, with their problems. */
export function parseNodes(json: string): DataNodeCandidate[] {
  const list = JSON.parse(json) as { items?: NodeJson[] };
  return (list.items ?? []).map((node): DataNodeCandidate => {
    const name = node.metadata?.name ?? '';
    const labels = node.metadata?.labels ?? {};
    const problems: string[] = [];
    if (node.spec?.unschedulable) problems.push('cordoned');
    const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
    if (ready?.status !== 'True') problems.push('not Ready');
    for (const taint of node.spec?.taints ?? []) {
      if (REPELLING_EFFECTS.includes(taint.effect ?? '')) problems.push(`tainted ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`);
    }
    return { name, hostname: labels[HOSTNAME_LABEL] ?? name, controlPlane: CONTROL_PLANE_LABELS.some((l) => l in labels), problems };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The outcome of choosing or checking the data node. */
export type DataNodeChoice =
  | { readonly ok: true; readonly node: DataNodeCandidate; readonly why: string }
  | { readonly ok: false; readonly message: string; /** The flag named a node the cluster does not have: a usage error. */ readonly badFlag: boolean };

function listing(nodes: readonly DataNodeCandidate[]): string {
  if (nodes.length === 0) return '  the cluster lists no nodes';
  return nodes.map((n) => `  ${n.name}${n.controlPlane ? ' (control plane)' : ''}: ${n.problems.length > 0 ? n.problems.join(', ') : 'schedulable'}`).join('\n');
}

/**
 * `requested` (a node name or hostname label) when the cluster has it, or with `auto` the first
 * schedulable worker by name: Ready, not cordoned, no NoSchedule/NoExecute taint, and not a
 * control-plane node unless no worker qualifies (a one-node k3s runs everything on its server).
 */
export function chooseDataNode(nodes: readonly DataNodeCandidate[], requested: string): DataNodeChoice {
  if (requested !== AUTO_DATA_NODE) {
    const node = nodes.find((n) => n.name === requested || n.hostname === requested);
    if (!node) return { ok: false, message: `--data-node: the cluster has no node "${requested}"; its nodes:\n${listing(nodes)}\n  allowed: one of them, or --data-node auto`, badFlag: true };
    if (node.problems.length > 0) {
      return { ok: false, message: `--data-node: node "${requested}" cannot run the database now (${node.problems.join(', ')}); its nodes:\n${listing(nodes)}\n  allowed: a schedulable node, or --data-node auto`, badFlag: false };
    }
    return { ok: true, node, why: 'as asked' };
  }
  const schedulable = nodes.filter((n) => n.problems.length === 0);
  const workers = schedulable.filter((n) => !n.controlPlane);
  const node = workers[0] ?? schedulable[0];
  if (!node) return { ok: false, message: `--data-node auto: no node can run the database; the cluster's nodes:\n${listing(nodes)}`, badFlag: false };
  return { ok: true, node, why: workers.length > 0 ? 'the first schedulable worker' : 'the only schedulable nodes are control-plane nodes; the first of them' };
}

/** Reads the cluster's nodes and chooses (or checks) the data node. */
export function resolveDataNode(run: KubectlRunner, requested: string, context?: string): DataNodeChoice {
  const r = run(listNodesArgs(context));
  if (!succeeded(r)) return { ok: false, message: `--data-node: cannot list the cluster's nodes: ${failureText(r)}`, badFlag: false };
  let nodes: DataNodeCandidate[];
  try {
    nodes = parseNodes(r.stdout);
  } catch (err) {
    return { ok: false, message: `--data-node: kubectl get nodes -o json did not answer JSON: ${(err as Error).message}`, badFlag: false };
  }
  return chooseDataNode(nodes, requested);
}
