import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { committedOutputs, findStack, IMAGE_FLAG, imageOverrideProblems, NodeRuntime, profileProblem, Routing, ROUTING_FLAGS, routingProblems, STACKS, StackDefinition, StackImage, STORAGE_FLAGS, storageProblems } from './charts/stacks';
import { Environment } from './config/credentials';
import { NodeSpreading } from './constructs/placement';
import { ApplyStep, applyOrder } from './output/apply-order';
import { layoutChart, ManifestFile } from './output/layout';
import { asArray, asObject, asString, dig } from './manifests/json';
import { POD_TEMPLATE_PATHS } from './manifests/kinds';
import { JsonObject } from './manifests/types';
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
  /** Image references replacing the stack's own, by component (`--image COMPONENT=REF`). @default - the stack's images */
  readonly images?: Readonly<Record<string, string>>;
  /** How routes are written (`--routing`). @default - the profile's first routing (`ingress`) */
  readonly routing?: Routing;
  /** The nodes' container runtime (`--node-runtime`), for profiles that use it. @default 'containerd' */
  readonly nodeRuntime?: NodeRuntime;
}

/** The node runtime of the committed folders: what `--node-runtime` defaults to. */
export const DEFAULT_NODE_RUNTIME: NodeRuntime = 'containerd';

/** Synthesized manifests, rendered but not written. */
export interface SynthResult {
  readonly stack: StackDefinition;
  readonly profile: string;
  /** How its routes are written. */
  readonly routing: Routing;
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
  const images = request.images ?? {};
  const routing = request.routing ?? stack.routings(profile)[0];
  const problems = [...storageProblems(stack, profile, storage), ...imageOverrideProblems(stack, images), ...routingProblems(stack, profile, request)];
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const app = new App({ outdir: 'unused' });
  const env = trackReads(request.env ?? {});
  const built = stack.build(app, { profile, spreading: request.spreading ?? 'required', env: env.environment, ...storage, images, routing, nodeRuntime: request.nodeRuntime });
  const files = layoutChart(built.chart);
  const rendered = renderFiles(files);
  const notices = [...built.notices, ...unpinnedVolumeNotices(files, stack.storage(profile) === 'node-local')];
  return { stack, profile, routing, files, rendered, notices, applyOrder: applyOrder(built.chart), chart: built.chart, environmentUsed: [...env.used].sort() };
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

/** A placeholder image (one no registry serves) that a folder's workloads run. */
export interface PlaceholderInUse {
  readonly image: StackImage;
  /** The files whose pods run it, in the order given. */
  readonly files: readonly string[];
}

/**
 * The placeholder images of `stack` that the pods of `objects` still run (compared by reference,
 * so a folder synthesized with `--image` for them has none).
 */
export function placeholdersIn(stack: StackDefinition, objects: readonly { readonly file: string; readonly body: Readonly<Record<string, unknown>> }[]): PlaceholderInUse[] {
  const placeholders = stack.images.filter((i) => i.placeholder);
  const uses = new Map<StackImage, string[]>();
  for (const { file, body } of objects) {
    const where = POD_TEMPLATE_PATHS[String(body.kind)];
    const pod = where ? asObject(dig(body as JsonObject, ...where.spec)) : undefined;
    if (!pod) continue;
    const images = ['initContainers', 'containers'].flatMap((list) => asArray(pod[list]).map((c) => asString(asObject(c)?.image)));
    for (const image of placeholders.filter((p) => images.includes(p.reference))) {
      const files = uses.get(image) ?? [];
      if (!files.includes(file)) files.push(file);
      uses.set(image, files);
    }
  }
  return placeholders.flatMap((image) => (uses.has(image) ? [{ image, files: uses.get(image)! }] : []));
}

/** The `--image` flags that replace every placeholder of `uses`, with a stand-in for the reference. */
export function placeholderFlags(uses: readonly PlaceholderInUse[]): string {
  return uses.map((u) => `${IMAGE_FLAG} ${u.image.component}=REGISTRY/IMAGE:TAG`).join(' ');
}

/**
 * One line per placeholder image still in use: which files run it, that no registry serves it,
 * and how to replace it (`command` is the command line to extend, e.g. `npm run synth -- --stack promotions`).
 */
export function placeholderNotices(uses: readonly PlaceholderInUse[], command: string): string[] {
  return uses.map(({ image, files }) =>
    `notice: ${image.reference} (${files.join(', ')}) is a placeholder no registry serves: its pods cannot start; build ${image.component}'s image (docs/stacks.md#your-own-images says what it must provide), push it, and replace it: ${command} ${IMAGE_FLAG} ${image.component}=REGISTRY/IMAGE:TAG`,
  );
}

/** Synthesizes and replaces `outdir` atomically with the result. */
export function synthesizeTo(outdir: string, request: SynthRequest = {}): SynthResult {
  const result = synthesize(request);
  writeFolderAtomically(outdir, result.rendered);
  return result;
}

/**
 * What makes a request's output differ from its stack's committed (canonical) folder: a
 * placement option, a storage option (the node holding the data, a StorageClass),
 * credentials taken from the environment instead of the development defaults, or images given
 * with `--image`. A request with no variant is canonical.
 */
export type Variant = 'single-node' | 'data-node' | 'storage-class' | 'node-runtime' | 'custom-credentials' | 'custom-images';

/** Every variant, in the order they appear in a variant folder's name. */
export const VARIANTS: readonly Variant[] = ['single-node', 'data-node', 'storage-class', 'node-runtime', 'custom-credentials', 'custom-images'];

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
  // The committed folders are written for containerd nodes; another runtime is a variant.
  if ((request.nodeRuntime ?? DEFAULT_NODE_RUNTIME) !== DEFAULT_NODE_RUNTIME) variants.push('node-runtime');
  if (result.environmentUsed.length > 0) variants.push('custom-credentials');
  // Any --image is the user's choice, even one naming the stack's own image.
  if (Object.keys(request.images ?? {}).length > 0) variants.push('custom-images');
  return VARIANTS.filter((v) => variants.includes(v));
}

/** What each variant comes from, in messages. */
const VARIANT_CAUSES: Readonly<Record<Variant, string>> = {
  'single-node': '--single-node',
  'data-node': STORAGE_FLAGS.dataNode,
  'storage-class': STORAGE_FLAGS.storageClass,
  'node-runtime': ROUTING_FLAGS.nodeRuntime,
  'custom-credentials': 'credentials from the environment',
  'custom-images': IMAGE_FLAG,
};

/**
 * What made each variant of `request`, for notices: the environment variables read, the images
 * given (e.g. `custom-images (api=registry.example.com/promotions-api:1.2)`).
 */
export function describeVariants(request: SynthRequest, result: SynthResult, variants: readonly Variant[]): string {
  return variants
    .map((variant) => {
      if (variant === 'custom-credentials') return `${variant} (environment: ${result.environmentUsed.join(', ')})`;
      if (variant === 'node-runtime') return `${variant} (${request.nodeRuntime})`;
      if (variant === 'custom-images') return `${variant} (${Object.entries(request.images ?? {}).map(([c, r]) => `${c}=${r}`).join(', ')})`;
      return variant;
    })
    .join(' + ');
}

/**
 * Where an output goes when no folder is given: the canonical output to its stack's committed
 * folder, any variant to `<committed folder>-<variants>` (e.g. `dist-modern-single-node`), which
 * is never committed (.gitignore), so a variant can never overwrite what the tests compare.
 */
export function defaultOutdirOf(result: SynthResult, variants: readonly Variant[]): string {
  return [result.stack.defaultOutdir(result.profile, result.routing), ...variants].join('-');
}

/**
 * Why `outdir` must not receive this output, or undefined: a committed folder (the canonical
 * output of some stack and profile, relative to the working directory) only ever receives
 * exactly that canonical output.
 */
export function committedFolderProblem(outdir: string, result: SynthResult, variants: readonly Variant[]): string | undefined {
  const target = path.resolve(outdir);
  for (const { stack, profile, routing, outdir: committed } of committedOutputs()) {
    if (path.resolve(committed) !== target) continue;
    if (stack === result.stack && profile === result.profile && routing === result.routing && variants.length === 0) return undefined;
    const routed = (r: Routing) => (r === 'ingress' ? [] : [`${ROUTING_FLAGS.routing} ${r}`]);
    const asked = [`--stack ${result.stack.name}`, `--profile ${result.profile}`, ...routed(result.routing), ...variants.map((v) => VARIANT_CAUSES[v])];
    return `--outdir "${outdir}" holds the committed output of ${[`--stack ${stack.name}`, `--profile ${profile}`, ...routed(routing)].join(' ')}, which this request (${asked.join(', ')}) would overwrite; allowed: omit --outdir (writes ${defaultOutdirOf(result, variants)}/) or a folder of your own`;
  }
  return undefined;
}
