import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { findStack, profileProblem, STACKS, StackDefinition } from './charts/stacks';
import { Environment } from './config/credentials';
import { NodeSpreading } from './constructs/placement';
import { ApplyStep, applyOrder } from './output/apply-order';
import { layoutChart, ManifestFile } from './output/layout';
import { renderYaml } from './output/render';
import { writeFolderAtomically } from './output/write';

/** What to synthesize. */
export interface SynthRequest {
  /** Stack name. @default 'bernstein' */
  readonly stack?: string;
  /** Profile, one of the stack's. @default - the stack's first profile */
  readonly profile?: string;
  /** Single-node clusters want `preferred`. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Environment for credentials. @default {} (development defaults) */
  readonly env?: Environment;
}

/** Synthesized manifests, rendered but not written. */
export interface SynthResult {
  readonly stack: StackDefinition;
  readonly profile: string;
  readonly files: readonly ManifestFile[];
  /** File name → YAML text. */
  readonly rendered: ReadonlyMap<string, string>;
  readonly notices: readonly string[];
  /** The stack's components in dependency order, each with its files (see {@link applyOrder}). */
  readonly applyOrder: readonly ApplyStep[];
  /** The built chart, for commands that read its wiring (entry points, policies). */
  readonly chart: Chart;
  /** Environment variables the stack read and found set (sorted): what the environment changed. */
  readonly environmentUsed: readonly string[];
}

/** Builds a stack in a fresh App and renders its files in memory. */
export function synthesize(request: SynthRequest = {}): SynthResult {
  const stack = findStack(request.stack ?? STACKS[0].name);
  const profile = request.profile ?? stack.profiles[0];
  const problem = profileProblem(stack, profile);
  if (problem) throw new Error(problem);
  const app = new App({ outdir: 'unused' });
  const env = trackReads(request.env ?? {});
  const built = stack.build(app, { profile, spreading: request.spreading ?? 'required', env: env.environment });
  const files = layoutChart(built.chart);
  const rendered = new Map(files.map((f) => [f.fileName, renderYaml(f.documents)]));
  return { stack, profile, files, rendered, notices: built.notices, applyOrder: applyOrder(built.chart), chart: built.chart, environmentUsed: [...env.used].sort() };
}

/**
 * The environment as a stack sees it, recording which set variables it reads, so that whether
 * the environment changed the output is known without knowing any stack's variables. Listing
 * the keys counts as reading every set variable.
 */
function trackReads(environment: Environment): { environment: Environment; used: Set<string> } {
  const used = new Set<string>();
  const note = (target: Environment, key: string | symbol) => {
    if (typeof key === 'string' && target[key] !== undefined) used.add(key);
  };
  const tracked = new Proxy(environment, {
    get(target, key, receiver) {
      note(target, key);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      note(target, key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) note(target, key);
      return Reflect.ownKeys(target);
    },
  });
  return { environment: tracked, used };
}

/** Synthesizes and replaces `outdir` atomically with the result. */
export function synthesizeTo(outdir: string, request: SynthRequest = {}): SynthResult {
  const result = synthesize(request);
  writeFolderAtomically(outdir, result.rendered);
  return result;
}

/**
 * What makes a request's output differ from its stack's committed (canonical) folder: a
 * placement option, or credentials taken from the environment instead of the development
 * defaults. A request with no variant is canonical.
 */
export type Variant = 'single-node' | 'custom-credentials';

/** Every variant, in the order they appear in a variant folder's name. */
export const VARIANTS: readonly Variant[] = ['single-node', 'custom-credentials'];

/**
 * The variants `result` (synthesized from `request`) uses. Credentials are custom as soon as the
 * stack read any of its variables from the environment (even one set to its default value): the
 * committed folders are what synth writes with none of them set.
 */
export function variantsOf(request: SynthRequest, result: SynthResult): Variant[] {
  const variants: Variant[] = [];
  if ((request.spreading ?? 'required') !== 'required') variants.push('single-node');
  if (result.environmentUsed.length > 0) variants.push('custom-credentials');
  return VARIANTS.filter((v) => variants.includes(v));
}

/**
 * Where an output goes when no folder is given: the canonical output to its stack's committed
 * folder, any variant to `<committed folder>-<variants>` (e.g. `dist-modern-single-node`), which
 * is never committed (.gitignore), so a variant can never overwrite what the tests compare.
 */
export function defaultOutdirOf(result: SynthResult, variants: readonly Variant[]): string {
  return [result.stack.defaultOutdir(result.profile), ...variants].join('-');
}

/**
 * Why `outdir` must not receive this output, or undefined: a committed folder (the canonical
 * output of some stack and profile, relative to the working directory) only ever receives
 * exactly that canonical output.
 */
export function committedFolderProblem(outdir: string, result: SynthResult, variants: readonly Variant[]): string | undefined {
  const target = path.resolve(outdir);
  for (const stack of STACKS) {
    for (const profile of stack.profiles) {
      if (path.resolve(stack.defaultOutdir(profile)) !== target) continue;
      if (stack === result.stack && profile === result.profile && variants.length === 0) return undefined;
      const asked = [`--stack ${result.stack.name}`, `--profile ${result.profile}`, ...variants.map((v) => (v === 'single-node' ? '--single-node' : 'credentials from the environment'))];
      return `--outdir "${outdir}" holds the committed output of --stack ${stack.name} --profile ${profile}, which this request (${asked.join(', ')}) would overwrite; allowed: omit --outdir (writes ${defaultOutdirOf(result, variants)}/) or a folder of your own`;
    }
  }
  return undefined;
}
