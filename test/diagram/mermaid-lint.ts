/**
 * A structural check of the Mermaid subset `topologyMermaid` writes (no Mermaid parser is
 * installed): optional title front matter, `flowchart LR`, quoted node declarations in known
 * shapes, balanced `subgraph … end`, edges between declared nodes, sanitized ids.
 * Any line outside that subset is an error, so a renderer change that drifts from it fails here.
 */

export interface ParsedNode {
  readonly id: string;
  readonly shape: string;
  /** Decoded label: `<br/>` as a newline, entity codes resolved. */
  readonly label: string;
  /** Innermost subgraph id, if any. */
  readonly subgraph?: string;
}

export interface ParsedEdge {
  readonly from: string;
  readonly to: string;
  readonly arrow: string;
  readonly label?: string;
}

export interface ParsedFlowchart {
  readonly title?: string;
  readonly nodes: ReadonlyMap<string, ParsedNode>;
  /** Subgraph id → decoded label and parent. */
  readonly subgraphs: ReadonlyMap<string, { label: string; parent?: string }>;
  readonly edges: readonly ParsedEdge[];
}

const ID = '[A-Za-z0-9_]+';
const LABEL = '"([^"]*)"';
/** Shapes the renderer uses: open and close brackets. */
const SHAPES: ReadonlyArray<readonly [string, string, string]> = [
  ['component', '[', ']'],
  ['configmap', '[/', '/]'],
  ['secret', '{{', '}}'],
  ['volume', '[(', ')]'],
  ['outside', '((', '))'],
];
const ARROWS = ['-->', '-.->', '---'];
/** Words Mermaid's flowchart grammar reserves; an id equal to one breaks the diagram. */
const RESERVED = new Set(['end', 'subgraph', 'graph', 'flowchart', 'style', 'classDef', 'class', 'click', 'linkStyle', 'direction', 'default', 'call', 'href']);

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NODE_RES = SHAPES.map(([shape, open, close]) => ({ shape, re: new RegExp(`^(${ID})${escapeRe(open)}${LABEL}${escapeRe(close)}$`) }));
const SUBGRAPH_RE = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
const EDGE_RE = new RegExp(`^(${ID}) (${ARROWS.map(escapeRe).join('|')})(?:\\|${LABEL}\\|)? (${ID})$`);

/** Checks a quoted label: only `<br/>` as markup, no raw `|`, entity codes well formed; returns it decoded. */
function checkLabel(raw: string, where: string): string {
  const withoutBreaks = raw.replace(/<br\/>/g, '\n');
  if (/[<>|]/.test(withoutBreaks)) throw new Error(`${where}: label has raw markup or a pipe: ${raw}`);
  const entities = withoutBreaks.match(/#[^;\s]*;?/g) ?? [];
  for (const entity of entities) {
    if (!/^#(quot|lt|gt|\d+);$/.test(entity)) throw new Error(`${where}: bad entity "${entity}" in label ${raw}`);
  }
  return withoutBreaks
    .replace(/#quot;/g, '"')
    .replace(/#lt;/g, '<')
    .replace(/#gt;/g, '>')
    .replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

function checkId(id: string, where: string): void {
  if (!/^[A-Za-z0-9_]+$/.test(id)) throw new Error(`${where}: id "${id}" is not sanitized`);
  if (RESERVED.has(id)) throw new Error(`${where}: id "${id}" is a Mermaid keyword`);
}

/** Parses and validates; throws with the line number on the first problem. */
export function parseFlowchart(text: string): ParsedFlowchart {
  if (!text.endsWith('\n') || text.endsWith('\n\n')) throw new Error('diagram must end with exactly one newline');
  const lines = text.slice(0, -1).split('\n');
  let i = 0;
  let title: string | undefined;
  if (lines[0] === '---') {
    const match = /^title: (".*")$/.exec(lines[1] ?? '');
    if (!match || lines[2] !== '---') throw new Error('front matter must be exactly: ---, title: "…", ---');
    title = JSON.parse(match[1]) as string;
    i = 3;
  }
  if (lines[i] !== 'flowchart LR') throw new Error(`line ${i + 1}: expected "flowchart LR", got "${lines[i]}"`);
  i++;

  const nodes = new Map<string, ParsedNode>();
  const subgraphs = new Map<string, { label: string; parent?: string }>();
  const edges: ParsedEdge[] = [];
  const stack: string[] = [];
  for (; i < lines.length; i++) {
    const where = `line ${i + 1}`;
    const line = lines[i];
    const indent = /^ */.exec(line)![0].length;
    const body = line.slice(indent);
    if (body === '') throw new Error(`${where}: empty line`);
    if (/\s$/.test(body)) throw new Error(`${where}: trailing whitespace`);
    if (body === 'end') {
      if (stack.length === 0) throw new Error(`${where}: "end" without an open subgraph`);
      stack.pop();
      if (indent !== 2 + stack.length * 2) throw new Error(`${where}: "end" indented ${indent}`);
      continue;
    }
    if (indent !== 2 + stack.length * 2) throw new Error(`${where}: indented ${indent}, expected ${2 + stack.length * 2}`);
    const sub = SUBGRAPH_RE.exec(body);
    if (sub) {
      checkId(sub[1], where);
      if (subgraphs.has(sub[1]) || nodes.has(sub[1])) throw new Error(`${where}: id ${sub[1]} declared twice`);
      subgraphs.set(sub[1], { label: checkLabel(sub[2], where), parent: stack[stack.length - 1] });
      stack.push(sub[1]);
      continue;
    }
    const edge = EDGE_RE.exec(body);
    if (edge) {
      const [, from, arrow, label, to] = edge;
      for (const end of [from, to]) {
        checkId(end, where);
        if (!nodes.has(end)) throw new Error(`${where}: edge endpoint ${end} is not a declared node`);
      }
      edges.push({ from, arrow, to, label: label === undefined ? undefined : checkLabel(label, where) });
      continue;
    }
    const node = NODE_RES.map(({ shape, re }) => ({ shape, match: re.exec(body) })).find((n) => n.match);
    if (node?.match) {
      const [, id, label] = node.match;
      checkId(id, where);
      if (nodes.has(id) || subgraphs.has(id)) throw new Error(`${where}: id ${id} declared twice`);
      nodes.set(id, { id, shape: node.shape, label: checkLabel(label, where), subgraph: stack[stack.length - 1] });
      continue;
    }
    throw new Error(`${where}: not a node, edge, subgraph or end: ${body}`);
  }
  if (stack.length > 0) throw new Error(`unclosed subgraph(s): ${stack.join(', ')}`);
  return { title, nodes, subgraphs, edges };
}

/** The node whose label's first line is `name` (one and only one). */
export function nodeNamed(chart: ParsedFlowchart, name: string): ParsedNode {
  const matches = [...chart.nodes.values()].filter((n) => n.label.split('\n')[0] === name);
  if (matches.length !== 1) throw new Error(`expected one node named ${name}, found ${matches.length}`);
  return matches[0];
}

/** Edges as `from -> to [label]` strings between node names (first label lines), for readable assertions. */
export function edgeStrings(chart: ParsedFlowchart, arrow?: string): string[] {
  const name = (id: string): string => chart.nodes.get(id)!.label.split('\n')[0];
  return chart.edges
    .filter((e) => arrow === undefined || e.arrow === arrow)
    .map((e) => `${name(e.from)} ${e.arrow} ${name(e.to)}${e.label === undefined ? '' : ` [${e.label}]`}`);
}
