import { STACKS, StackDefinition } from '../charts/stacks';
import { synthesize } from '../synth';
import { topologyMermaid } from './mermaid';
import { readmeDiagramStacks, updateReadmeDiagrams } from './readme';

/**
 * The topology picture of a stack (the README shows its first profile), synthesized with
 * development credentials (`env: {}`) so the picture never depends on the caller's environment.
 */
export function stackDiagram(stack: StackDefinition, profile: string = stack.profiles[0]): string {
  const { files } = synthesize({ stack: stack.name, profile, env: {} });
  return topologyMermaid(files, { title: `${stack.name} (profile ${profile})` });
}

/** What regenerating the README's pictures would do. */
export interface ReadmeDiagramPlan {
  /** The README with every marked stack's picture regenerated. */
  readonly updated: string;
  /** Stacks of STACKS with markers, in STACKS order. */
  readonly marked: readonly string[];
  /** Marked stacks whose picture differs from the chart. */
  readonly stale: readonly string[];
  /** Stacks of STACKS without markers (not drawn). */
  readonly unmarked: readonly string[];
}

/**
 * Regenerates the picture of every stack of `stacks` that has markers in `readme`.
 * Markers naming a stack that does not exist are an error, so a renamed stack is noticed.
 */
export function planReadmeDiagrams(readme: string, stacks: readonly StackDefinition[] = STACKS): ReadmeDiagramPlan {
  const present = readmeDiagramStacks(readme);
  const names = stacks.map((s) => s.name);
  const unknown = present.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new Error(`README has topology markers for unknown stack(s) ${unknown.map((n) => `"${n}"`).join(', ')}; stacks: ${names.join(', ')}`);
  }
  const marked = stacks.filter((s) => present.includes(s.name));
  const diagrams = new Map(marked.map((s) => [s.name, stackDiagram(s)]));
  const stale = marked
    .filter((s) => updateReadmeDiagrams(readme, new Map([[s.name, diagrams.get(s.name)!]])) !== readme)
    .map((s) => s.name);
  return {
    updated: updateReadmeDiagrams(readme, diagrams),
    marked: marked.map((s) => s.name),
    stale,
    unmarked: stacks.filter((s) => !present.includes(s.name)).map((s) => s.name),
  };
}
