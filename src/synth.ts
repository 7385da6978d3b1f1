import { App } from 'cdk8s';
import { Profile } from './charts/bernstein-chart';
import { findStack, profileProblem, STACKS, StackDefinition } from './charts/stacks';
import { Environment } from './config/credentials';
import { NodeSpreading } from './constructs/placement';
import { layoutChart, ManifestFile } from './output/layout';
import { renderYaml } from './output/render';
import { writeFolderAtomically } from './output/write';

/** What to synthesize. */
export interface SynthRequest {
  /** Stack name. @default 'bernstein' */
  readonly stack?: string;
  /** Profile. @default - the stack's first profile ('spec') */
  readonly profile?: Profile;
  /** Single-node clusters want `preferred`. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Environment for credentials. @default {} (development defaults) */
  readonly env?: Environment;
}

/** Synthesized manifests, rendered but not written. */
export interface SynthResult {
  readonly stack: StackDefinition;
  readonly profile: Profile;
  readonly files: readonly ManifestFile[];
  /** File name → YAML text. */
  readonly rendered: ReadonlyMap<string, string>;
  readonly notices: readonly string[];
}

/** Builds a stack in a fresh App and renders its files in memory. */
export function synthesize(request: SynthRequest = {}): SynthResult {
  const stack = findStack(request.stack ?? STACKS[0].name);
  const profile = request.profile ?? stack.profiles[0];
  const problem = profileProblem(stack, profile);
  if (problem) throw new Error(problem);
  const app = new App({ outdir: 'unused' });
  const built = stack.build(app, { profile, spreading: request.spreading ?? 'required', env: request.env ?? {} });
  const files = layoutChart(built.chart);
  const rendered = new Map(files.map((f) => [f.fileName, renderYaml(f.documents)]));
  return { stack, profile, files, rendered, notices: built.notices };
}

/** Synthesizes and replaces `outdir` atomically with the result. */
export function synthesizeTo(outdir: string, request: SynthRequest = {}): SynthResult {
  const result = synthesize(request);
  writeFolderAtomically(outdir, result.rendered);
  return result;
}
