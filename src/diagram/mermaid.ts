import { ManifestFile } from '../output/layout';
import { compareText } from './objects';
import { deriveTopology, EDGE_KINDS, EdgeKind, NodeShape, Topology, TopologyNode } from './topology';

/** Options of {@link topologyMermaid}. */
export interface TopologyMermaidOptions {
  /** Diagram title, written as Mermaid front matter. @default - none */
  readonly title?: string;
}

/** Opening and closing brackets of each shape. */
const SHAPES: Readonly<Record<NodeShape, readonly [string, string]>> = {
  component: ['[', ']'],
  configmap: ['[/', '/]'],
  secret: ['{{', '}}'],
  volume: ['[(', ')]'],
  outside: ['((', '))'],
};

/** Arrow of each edge kind: solid for traffic, dashed for configuration, plain line for storage. */
const ARROWS: Readonly<Record<EdgeKind, string>> = {
  nodePort: '-->',
  route: '-->',
  dataFlow: '-->',
  uses: '-.->',
  mounts: '---',
};

/** Order of shapes inside a namespace. */
const SHAPE_ORDER: readonly NodeShape[] = ['outside', 'component', 'configmap', 'secret', 'volume'];

/** A Mermaid id: only `[A-Za-z0-9_]`, never empty. */
export function sanitizeId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_]/g, '_');
  return id === '' ? '_' : id;
}

/** Label text safe inside Mermaid double quotes (entity codes for the characters Mermaid reads). */
export function escapeLabel(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;');
}

const quoted = (lines: readonly string[]): string => `"${lines.map(escapeLabel).join('<br/>')}"`;

/** Gives every key a distinct sanitized id, in key order so the ids never depend on input order. */
function allocateIds(hints: ReadonlyMap<string, string>): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const key of [...hints.keys()].sort(compareText)) {
    const base = sanitizeId(hints.get(key)!);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}

/** Renders a {@link Topology} as a `flowchart LR`, sorted so equal topologies give equal text. */
export function renderMermaid(topology: Topology, options: TopologyMermaidOptions = {}): string {
  const namespaces = [...new Set(topology.nodes.map((n) => n.namespace).filter((n): n is string => n !== undefined))].sort(compareText);
  const hints = new Map<string, string>([
    ...topology.nodes.map((n): [string, string] => [n.key, n.idHint]),
    ...namespaces.map((ns): [string, string] => [`namespace:${ns}`, `ns_${ns}`]),
  ]);
  const ids = allocateIds(hints);
  const nodeOrder = (a: TopologyNode, b: TopologyNode): number =>
    SHAPE_ORDER.indexOf(a.shape) - SHAPE_ORDER.indexOf(b.shape) || compareText(a.key, b.key);
  const declare = (node: TopologyNode, indent: string): string => {
    const [open, close] = SHAPES[node.shape];
    return `${indent}${ids.get(node.key)}${open}${quoted(node.lines)}${close}`;
  };

  const lines: string[] = [];
  if (options.title !== undefined) lines.push('---', `title: ${JSON.stringify(options.title)}`, '---');
  lines.push('flowchart LR');
  for (const node of topology.nodes.filter((n) => n.namespace === undefined).sort(nodeOrder)) lines.push(declare(node, '  '));
  for (const ns of namespaces) {
    lines.push(`  subgraph ${ids.get(`namespace:${ns}`)}[${quoted([`namespace ${ns}`])}]`);
    for (const node of topology.nodes.filter((n) => n.namespace === ns).sort(nodeOrder)) lines.push(declare(node, '    '));
    lines.push('  end');
  }
  const edges = topology.edges.map((e) => ({ ...e, fromId: ids.get(e.from)!, toId: ids.get(e.to)! })).sort((a, b) =>
    EDGE_KINDS.indexOf(a.kind) - EDGE_KINDS.indexOf(b.kind)
    || compareText(a.fromId, b.fromId)
    || compareText(a.toId, b.toId)
    || compareText(a.label ?? '', b.label ?? ''));
  for (const edge of edges) {
    const label = edge.label === undefined ? '' : `|${quoted([edge.label])}|`;
    lines.push(`  ${edge.fromId} ${ARROWS[edge.kind]}${label} ${edge.toId}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The topology of synthesized manifests as a Mermaid `flowchart LR`: one subgraph per
 * namespace, one node per component (workload kind and replicas), ConfigMaps, Secrets and
 * claims with the components that use them, data flow derived from who reads whose
 * settings, Ingress routes from the controller and node ports from outside. Works for any
 * stack: everything comes from the objects and their file names.
 */
export function topologyMermaid(files: readonly ManifestFile[], options: TopologyMermaidOptions = {}): string {
  return renderMermaid(deriveTopology(files), options);
}
