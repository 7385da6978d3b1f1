/**
 * The container runtime of a cluster's nodes, read from `kubectl get nodes -o json`, for what
 * needs its socket (cAdvisor's `--containerd`): `status.nodeInfo.containerRuntimeVersion` names
 * the runtime (`containerd://2.1.4`, `cri-o://1.34.0`); k3s builds carry `-k3s` in it, `+k3s` in the
 * kubelet version, and k3s's cloud provider labels its nodes `node.kubernetes.io/instance-type=k3s`
 * (docs/facts.md#cadvisor-and-the-node-runtime).
 */
import type { NodeRuntime } from '../constructs/cadvisor';
import { listNodesArgs } from './data-node';
import { KubectlRunner, failureText, succeeded } from './kubectl';

/** The fields of a Node the detection reads. */
interface NodeJson {
  readonly metadata?: { readonly name?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly status?: { readonly nodeInfo?: { readonly containerRuntimeVersion?: string; readonly kubeletVersion?: string } };
}

/** The runtime of one node, or undefined when it says none we know (docker, an empty status). */
export function runtimeOfNode(node: NodeJson): NodeRuntime | undefined {
  const runtime = node.status?.nodeInfo?.containerRuntimeVersion ?? '';
  const kubelet = node.status?.nodeInfo?.kubeletVersion ?? '';
  if (runtime.startsWith('cri-o://')) return 'crio';
  if (!runtime.startsWith('containerd://')) return undefined;
  const k3s = /-k3s/.test(runtime) || /\+k3s/.test(kubelet) || node.metadata?.labels?.['node.kubernetes.io/instance-type'] === 'k3s';
  return k3s ? 'k3s' : 'containerd';
}

/** What the nodes run: one runtime, or why none can be chosen. */
export type RuntimeDetection =
  | { readonly ok: true; readonly runtime: NodeRuntime; readonly why: string }
  | { readonly ok: false; readonly message: string };

/** The one runtime every node of a `kubectl get nodes -o json` answer runs. */
export function detectRuntime(json: string): RuntimeDetection {
  const nodes = (JSON.parse(json) as { items?: NodeJson[] }).items ?? [];
  if (nodes.length === 0) return { ok: false, message: 'the cluster lists no nodes' };
  const byRuntime = new Map<string, string[]>();
  for (const node of nodes) {
    const runtime = runtimeOfNode(node) ?? `unknown (${node.status?.nodeInfo?.containerRuntimeVersion || 'no containerRuntimeVersion'})`;
    byRuntime.set(runtime, [...(byRuntime.get(runtime) ?? []), node.metadata?.name ?? '?']);
  }
  const found = [...byRuntime.entries()].map(([runtime, names]) => `${runtime}: ${names.join(', ')}`).join('; ');
  if (byRuntime.size > 1) return { ok: false, message: `the nodes run different container runtimes (${found})` };
  const [runtime] = [...byRuntime.keys()];
  if (runtime.startsWith('unknown')) return { ok: false, message: `no node runs a runtime cAdvisor is told about (${found})` };
  return { ok: true, runtime: runtime as NodeRuntime, why: `every node runs ${runtime} (${nodes.length} node${nodes.length === 1 ? '' : 's'}, from status.nodeInfo.containerRuntimeVersion)` };
}

/** Asks the cluster which runtime its nodes run. */
export function detectNodeRuntime(run: KubectlRunner, context?: string): RuntimeDetection {
  const listed = run(listNodesArgs(context));
  if (!succeeded(listed)) return { ok: false, message: `cannot list the nodes: ${failureText(listed)}` };
  try {
    return detectRuntime(listed.stdout);
  } catch (err) {
    return { ok: false, message: `cannot read the node list: ${(err as Error).message}` };
  }
}
