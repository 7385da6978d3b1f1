import { Routing, STACKS, StackDefinition } from '../charts/stacks';
import { synthesize } from '../synth';
import { topologyMermaid } from './mermaid';
import { readmeDiagramStacks, updateReadmeDiagrams } from './readme';

/**
 * The topology picture of a stack (the README shows its first profile), synthesized with
 * development credentials (`env: {}`) so the picture never depends on the caller's environment.
 */
export function stackDiagram(stack: StackDefinition, profile: string = stack.profiles[0], routing?: Routing): string {
  // The same inputs always draw the same picture (no environment is read): synthesize each once
  // per process, however many README markers or checks ask for it.
  const key = `${stack.name}\0${profile}\0${routing ?? ''}`;
  const known = drawn.get(key);
  if (known !== undefined) return known;
  const result = synthesize({ stack: stack.name, profile, routing, env: {} });
  const routed = result.routing === stack.routings(profile)[0] ? '' : `, routing ${result.routing}`;
  const picture = topologyMermaid(result.files, { title: `${stack.name} (profile ${profile}${routed})` });
  drawn.set(key, picture);
  return picture;
}

/** Pictures drawn so far in this process, by stack, profile and routing. */
const drawn = new Map<string, string>();

/**
 * What a README marker key draws: `<stack>` is the stack's first profile, `<stack>/<profile>/<routing>`
 * one profile with one of its routings (e.g. `bernstein/modern/gateway`); undefined for anything else.
 */
function markerTarget(key: string, stacks: readonly StackDefinition[]): { stack: StackDefinition; profile?: string; routing?: Routing } | undefined {
  const [name, profile, routing, ...rest] = key.split('/');
  const stack = stacks.find((s) => s.name === name);
  if (!stack || rest.length > 0) return undefined;
  if (profile === undefined) return { stack };
  const known = stack.profiles.includes(profile) && routing !== undefined && (stack.routings(profile) as readonly string[]).includes(routing);
  return known ? { stack, profile, routing: routing as Routing } : undefined;
}

/** What regenerating the README's pictures would do. */
export interface ReadmeDiagramPlan {
  /** The README with every marked stack's picture regenerated. */
  readonly updated: string;
  /** Marker keys drawn: stacks of STACKS with markers (STACKS order), then `<stack>/<profile>/<routing>` keys (README order). */
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
  const unknown = present.filter((key) => markerTarget(key, stacks) === undefined);
  if (unknown.length > 0) {
    throw new Error(`README has topology markers for unknown stack(s) ${unknown.map((n) => `"${n}"`).join(', ')}; stacks: ${names.join(', ')} (or <stack>/<profile>/<routing>, e.g. bernstein/modern/gateway)`);
  }
  // Each stack's own picture first (STACKS order), then the profile/routing pictures in README order.
  const keys = [...stacks.filter((s) => present.includes(s.name)).map((s) => s.name), ...present.filter((key) => key.includes('/'))];
  const diagrams = new Map(keys.map((key) => {
    const target = markerTarget(key, stacks)!;
    return [key, stackDiagram(target.stack, target.profile, target.routing)];
  }));
  const stale = keys.filter((key) => updateReadmeDiagrams(readme, new Map([[key, diagrams.get(key)!]])) !== readme);
  return {
    updated: updateReadmeDiagrams(readme, diagrams),
    marked: keys,
    stale,
    unmarked: stacks.filter((s) => !present.includes(s.name)).map((s) => s.name),
  };
}
