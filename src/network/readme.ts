/**
 * The README's tables of allowed flows, one per stack, generated from the wiring graph of the
 * stack's hardened profile (the flows its NetworkPolicies allow) and kept between marker lines
 * like the topology pictures (`npm run diagram` regenerates both; a test fails when one is stale).
 */
import { STACKS, StackDefinition } from '../charts/stacks';
import { synthesize } from '../synth';
import { declaredFlows, Flow, FlowPeer, FlowReason } from './flows';

/** The profile whose flows the README shows. */
export const FLOW_TABLE_PROFILE = 'hardened';

/** The two marker lines that delimit a stack's flow table in the README. */
export function flowMarkers(stack: string): { begin: string; end: string } {
  return { begin: `<!-- flows:${stack}:begin -->`, end: `<!-- flows:${stack}:end -->` };
}

const MARKER_LINE = /^\s*<!-- flows:(\S+?):(begin|end) -->\s*$/;

const REASONS: Readonly<Record<FlowReason, string>> = {
  connection: 'bound connection (env binding or URL)',
  route: 'Ingress route of the controller',
  callback: 'call back to its client',
  peer: 'member to member',
  nodePort: 'NodePort: any source',
  ingress: 'Ingress via the cluster\'s own controller: any namespace',
  dns: 'name resolution',
  api: 'Kubernetes API (not a pod: any address)',
};

function label(peer: FlowPeer): string {
  switch (peer.kind) {
    case 'component': return `${peer.component.namespace}/${peer.component.componentName}`;
    case 'anywhere': return 'anywhere';
    case 'any-namespace': return 'any pod of any namespace';
    case 'cluster-dns': return 'kube-system/kube-dns';
    case 'kubernetes-api': return 'API server';
  }
}

/** Markdown table of `flows`: one row per source, destination and reason with its ports; DNS as one row for every pod. */
export function flowTable(flows: readonly Flow[]): string {
  const rows = new Map<string, { from: string; to: string; ports: string[]; why: string }>();
  for (const f of flows) {
    const from = f.reason === 'dns' ? 'every pod of the stack' : label(f.from);
    const key = `${from}\u0000${label(f.to)}\u0000${f.reason}`;
    const row = rows.get(key) ?? { from, to: label(f.to), ports: [], why: REASONS[f.reason] };
    const port = `${f.port}/${f.protocol}`;
    if (!row.ports.includes(port)) row.ports.push(port);
    rows.set(key, row);
  }
  return [
    '| From | To | Port | Why |',
    '| --- | --- | --- | --- |',
    ...[...rows.values()].map((r) => `| ${r.from} | ${r.to} | ${r.ports.join(', ')} | ${r.why} |`),
  ].join('\n');
}

/** The flow table of `stack`'s hardened profile, synthesized with development credentials. */
export function stackFlowTable(stack: StackDefinition): string {
  const { chart } = synthesize({ stack: stack.name, profile: FLOW_TABLE_PROFILE, env: {} });
  return flowTable(declaredFlows(chart));
}

/** What regenerating the README's flow tables would do. */
export interface ReadmeFlowPlan {
  /** The README with every marked stack's table regenerated. */
  readonly updated: string;
  /** Stacks with markers, in STACKS order. */
  readonly marked: readonly string[];
  /** Marked stacks whose table differs from the chart. */
  readonly stale: readonly string[];
}

/**
 * Regenerates the table of every stack that has flow markers in `readme`. Throws, naming the
 * stack, on markers of an unknown stack or without a hardened profile, and on missing, repeated
 * or out-of-order markers.
 */
export function planReadmeFlows(readme: string, stacks: readonly StackDefinition[] = STACKS): ReadmeFlowPlan {
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  let lines = readme.split(/\r?\n/);
  const present = [...new Set(lines.flatMap((l) => MARKER_LINE.exec(l)?.[1] ?? []))];
  const unknown = present.filter((name) => !stacks.some((s) => s.name === name && s.profiles.includes(FLOW_TABLE_PROFILE)));
  if (unknown.length > 0) throw new Error(`README has flow markers for ${unknown.map((n) => `"${n}"`).join(', ')}, which is no stack with a ${FLOW_TABLE_PROFILE} profile; stacks: ${stacks.map((s) => s.name).join(', ')}`);
  const marked = stacks.filter((s) => present.includes(s.name));
  const stale: string[] = [];
  for (const stack of marked) {
    const { begin, end } = flowMarkers(stack.name);
    const begins = lines.flatMap((l, i) => (l.trim() === begin ? [i] : []));
    const ends = lines.flatMap((l, i) => (l.trim() === end ? [i] : []));
    if (begins.length !== 1 || ends.length !== 1 || ends[0] < begins[0]) {
      throw new Error(`README must have one "${begin}" line followed by one "${end}" line for stack "${stack.name}" (found ${begins.length} and ${ends.length})`);
    }
    const table = stackFlowTable(stack).split('\n');
    const current = lines.slice(begins[0] + 1, ends[0]);
    if (current.join('\n') !== table.join('\n')) stale.push(stack.name);
    lines = [...lines.slice(0, begins[0] + 1), ...table, ...lines.slice(ends[0])];
  }
  return { updated: lines.join(eol), marked: marked.map((s) => s.name), stale };
}
