/** The two marker lines that delimit a stack's generated picture in the README. */
export function topologyMarkers(stack: string): { begin: string; end: string } {
  return { begin: `<!-- topology:${stack}:begin -->`, end: `<!-- topology:${stack}:end -->` };
}

/** A marker line: the marker alone on its line (indentation allowed), so prose quoting a marker is never one. */
const MARKER_LINE = /^\s*<!-- topology:(\S+?):(begin|end) -->\s*$/;

/** Lines of `text` without their terminators, and the terminator to write back. */
function splitLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { lines: text.split(/\r?\n/), eol };
}

/** Stacks that have at least one topology marker line in `readme`, in order of appearance. */
export function readmeDiagramStacks(readme: string): string[] {
  const stacks: string[] = [];
  for (const line of splitLines(readme).lines) {
    const match = MARKER_LINE.exec(line);
    if (match && !stacks.includes(match[1])) stacks.push(match[1]);
  }
  return stacks;
}

/** The block written between the markers. */
function fencedBlock(diagram: string): string[] {
  return ['```mermaid', ...diagram.replace(/\s+$/, '').split(/\r?\n/), '```'];
}

/**
 * Replaces, for each stack of `diagrams`, what lies between its marker lines
 * (`<!-- topology:<stack>:begin -->` … `<!-- topology:<stack>:end -->`, each alone on its line)
 * with a fenced `mermaid` block. Everything else is kept (a file with CRLF line ends keeps them). Throws, naming the stack,
 * when its markers are missing, repeated, out of order, or enclose another stack's markers.
 */
export function updateReadmeDiagrams(readme: string, diagrams: ReadonlyMap<string, string>): string {
  const { lines, eol } = splitLines(readme);
  let current = lines;
  for (const [stack, diagram] of [...diagrams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const { begin, end } = topologyMarkers(stack);
    const at = (marker: string): number[] => current.flatMap((line, i) => (line.trim() === marker ? [i] : []));
    const begins = at(begin);
    const ends = at(end);
    const hint = `add the lines "${begin}" and "${end}" to the README, each on its own line`;
    if (begins.length === 0 && ends.length === 0) {
      throw new Error(`README has no topology markers for stack "${stack}": ${hint}`);
    }
    if (begins.length !== 1 || ends.length !== 1) {
      throw new Error(`README must have exactly one "${begin}" and one "${end}" line for stack "${stack}" (found ${begins.length} and ${ends.length}): ${hint}`);
    }
    const [b, e] = [begins[0], ends[0]];
    if (e < b) throw new Error(`README: "${end}" comes before "${begin}" for stack "${stack}"`);
    const nested = current.slice(b + 1, e).find((line) => MARKER_LINE.test(line));
    if (nested !== undefined) {
      throw new Error(`README: the topology markers of stack "${stack}" enclose another marker (${nested.trim()})`);
    }
    current = [...current.slice(0, b + 1), ...fencedBlock(diagram), ...current.slice(e)];
  }
  return current.join(eol);
}
