import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { findStack, profileProblem, STACKS, StackDefinition, STORAGE_FLAGS, storageProblems } from './charts/stacks';
import { Environment } from './config/credentials';
import { NodeSpreading } from './constructs/placement';
import { ApplyStep, applyOrder } from './output/apply-order';
import { layoutChart, ManifestFile } from './output/layout';
import { unpinnedNodeLocalSource } from './manifests/volumes';
import { renderFiles } from './output/render';
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
  /** Node that keeps node-local data (`--data-node`). @default - unpinned */
  readonly dataNode?: string;
  /** StorageClass of provisioned claims (`--storage-class`). @default - the cluster's default class */
  readonly storageClass?: string;
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
  const storage = { dataNode: request.dataNode, storageClass: request.storageClass };
  const problems = storageProblems(stack, profile, storage);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const app = new App({ outdir: 'unused' });
  const env = trackReads(request.env ?? {});
  const built = stack.build(app, { profile, spreading: request.spreading ?? 'required', env: env.environment, ...storage });
  const files = layoutChart(built.chart);
  const rendered = renderFiles(files);
  const notices = [...built.notices, ...unpinnedVolumeNotices(files, stack.storage(profile) === 'node-local')];
  return { stack, profile, files, rendered, notices, applyOrder: applyOrder(built.chart), chart: built.chart, environmentUsed: [...env.used].sort() };
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

/** A node-local PersistentVolume (hostPath or local) without node affinity, and its file. */
export interface UnpinnedVolume {
  readonly name: string;
  readonly file: string;
  /** The node directory holding the data. */
  readonly directory: string;
}

/**
 * The node-local PersistentVolumes among `objects` that have no node affinity: their data lives
 * on one node's disk, but nothing keeps the pods using them on that node.
 */
export function unpinnedVolumes(objects: readonly { readonly file: string; readonly body: Readonly<Record<string, unknown>> }[]): UnpinnedVolume[] {
  return objects.flatMap(({ file, body }) => {
    const source = unpinnedNodeLocalSource(body);
    return source ? [{ name: String((body.metadata as { name?: unknown } | undefined)?.name), file, directory: String(source.path) }] : [];
  });
}

/** What to tell the user about an unpinned volume; `pin` says how to pin it, when they can. */
export function unpinnedVolumeNotice(volume: UnpinnedVolume, pin: string | undefined): string {
  return `notice: PersistentVolume ${volume.name} (${volume.file}) keeps its data in ${volume.directory} on whichever node first runs its pod: a pod rescheduled to another node starts there on an empty directory, and the data stays behind${pin ? `; ${pin}` : ''}`;
}

function unpinnedVolumeNotices(files: readonly ManifestFile[], pinnable: boolean): string[] {
  const pin = pinnable ? `pin it to the node that keeps the data: npm run synth -- ${STORAGE_FLAGS.dataNode} NODE (or npm run deploy -- ${STORAGE_FLAGS.dataNode} NODE|auto)` : undefined;
  const objects = files.flatMap((f) => f.documents.map((body) => ({ file: f.fileName, body })));
  return unpinnedVolumes(objects).map((volume) => unpinnedVolumeNotice(volume, pin));
}

/** Synthesizes and replaces `outdir` atomically with the result. */
export function synthesizeTo(outdir: string, request: SynthRequest = {}): SynthResult {
  const result = synthesize(request);
  writeFolderAtomically(outdir, result.rendered);
  return result;
}

/**
 * What makes a request's output differ from its stack's committed (canonical) folder: a
 * placement option, a storage option (the node holding the data, a StorageClass), or
 * credentials taken from the environment instead of the development defaults. A request with
 * no variant is canonical.
 */
export type Variant = 'single-node' | 'data-node' | 'storage-class' | 'custom-credentials';

/** Every variant, in the order they appear in a variant folder's name. */
export const VARIANTS: readonly Variant[] = ['single-node', 'data-node', 'storage-class', 'custom-credentials'];

/**
 * The variants `result` (synthesized from `request`) uses. Credentials are custom as soon as the
 * stack read any of its variables from the environment (even one set to its default value): the
 * committed folders are what synth writes with none of them set.
 */
export function variantsOf(request: SynthRequest, result: SynthResult): Variant[] {
  const variants: Variant[] = [];
  if ((request.spreading ?? 'required') !== 'required') variants.push('single-node');
  if (request.dataNode !== undefined) variants.push('data-node');
  if (request.storageClass !== undefined) variants.push('storage-class');
  if (result.environmentUsed.length > 0) variants.push('custom-credentials');
  return VARIANTS.filter((v) => variants.includes(v));
}

/** What each variant comes from, in messages. */
const VARIANT_CAUSES: Readonly<Record<Variant, string>> = {
  'single-node': '--single-node',
  'data-node': STORAGE_FLAGS.dataNode,
  'storage-class': STORAGE_FLAGS.storageClass,
  'custom-credentials': 'credentials from the environment',
};

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
      const asked = [`--stack ${result.stack.name}`, `--profile ${result.profile}`, ...variants.map((v) => VARIANT_CAUSES[v])];
      return `--outdir "${outdir}" holds the committed output of --stack ${stack.name} --profile ${profile}, which this request (${asked.join(', ')}) would overwrite; allowed: omit --outdir (writes ${defaultOutdirOf(result, variants)}/) or a folder of your own`;
    }
  }
  return undefined;
}
