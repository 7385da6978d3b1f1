/**
 * `npm run deploy -- [--stack NAME] [--profile P] [--dir DIR | --data-node NODE|auto] [--context NAME] [--timeout 180s] [--dry-run]`
 *
 * Applies a stack's synthesized manifests with kubectl, component by component in the order
 * derived from its wiring (for Bernstein: the spec's monitoring, postgres, redis, apps, traefik),
 * waits for each component's rollouts, then prints where the stack is reached. See docs/deploy.md.
 */
import * as path from 'path';
import { findStack, IMAGE_FLAG, parseImageFlags, profileProblem, STACKS, StackDefinition, STORAGE_FLAGS, storageProblems } from '../charts/stacks';
import { writeFolderAtomically } from '../output/write';
import {
  defaultOutdirOf,
  describeVariants,
  placeholderFlags,
  placeholderNotices,
  placeholdersIn,
  synthesize,
  SynthRequest,
  SynthResult,
  unpinnedVolumeNotice,
  unpinnedVolumes,
  variantsOf,
} from '../synth';
import { Flags, parseFlags, runCli, UsageError } from './args';
import {
  AUTO_DATA_NODE,
  DEFAULT_TIMEOUT,
  DeployIO,
  resolveDataNode,
  buildDeployPlan,
  entryPoints,
  executeDeploy,
  planCommands,
  preflight,
  resolveKubectl,
  shellQuote,
  spawnKubectl,
} from '../deploy';
import type { KubectlRunner } from '../deploy';

export interface DeployDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly io: DeployIO;
  readonly now?: () => number;
  /** Runs kubectl; tests pass an in-process fake. @default - spawns the binary `KUBECTL` or `kubectl` */
  readonly kubectl?: KubectlRunner;
}

const defaultDeps = (): DeployDeps => ({
  env: process.env,
  cwd: process.cwd(),
  io: {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  },
});

export const USAGE = `usage: npm run deploy -- [options]

Applies a stack's synthesized manifests with kubectl, component by component in the order
derived from its wiring (Namespaces, then stores before their clients), waiting for each rollout,
then prints where the stack is reached.

options:
  --stack NAME           ${STACKS.map((s) => s.name).join(' | ')} (default: ${STACKS[0].name})
  --profile NAME         one of the stack's profiles (default: its first; see npm run synth -- --help)
  --dir DIR              folder holding the manifests (default: the stack's folder for the profile, e.g. dist/)
  --data-node NODE|auto  profiles with node-local volumes (bernstein spec): pin the data to NODE, or with
                         auto to the first schedulable worker (Ready, not cordoned, no NoSchedule taint);
                         synthesizes into the variant folder (e.g. dist-data-node/, never the committed
                         one, credentials from the environment) and applies that; not with --dir
  --image COMPONENT=REF  repeatable: run REF as the component's image (e.g. --stack promotions --image
                         api=registry.example.com/promotions-api:1.2); synthesizes into the variant folder
                         (e.g. dist-promotions-custom-images/) and applies that; not with --dir
  --allow-placeholder-images
                         deploy even though the folder runs placeholder images no registry serves
                         (promotions, lifespan and smack ship some: their pods cannot start); without
                         it such a deploy stops before applying anything and names the --image to give
  --context NAME         kubeconfig context, passed to every kubectl call
  --timeout DURATION     rollout wait per workload (default: ${DEFAULT_TIMEOUT}; e.g. 90s, 5m)
  --dry-run              print the kubectl commands in order, run nothing (no cluster needed)
  -h, --help             show this help

environment:
  KUBECTL                kubectl binary to run (default: kubectl on PATH)
`;

export const OPTIONS = {
  stack: { type: 'string', value: 'NAME' },
  profile: { type: 'string', value: 'NAME' },
  dir: { type: 'string', value: 'DIR' },
  'data-node': { type: 'string', value: 'NODE|auto' },
  image: { type: 'string', multiple: true, value: 'COMPONENT=REF' },
  'allow-placeholder-images': { type: 'boolean' },
  context: { type: 'string', value: 'NAME' },
  timeout: { type: 'string', value: 'DURATION' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Flags;

interface DeployArgs {
  stack: StackDefinition;
  profile: string;
  dir: string;
  /** A node name or `auto`; the manifests are then synthesized, not read from `dir`. */
  dataNode?: string;
  /** `--image` replacements by component; the manifests are then synthesized, not read from `dir`. */
  images: Record<string, string>;
  allowPlaceholderImages: boolean;
  context?: string;
  timeout: string;
  dryRun: boolean;
  help: boolean;
}

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Accepts kubectl (Go) durations like 180s, 5m, 1m30s; a bare number means seconds. */
export function normalizeTimeout(value: string): string {
  const v = value.trim();
  if (/^\d+$/.test(v)) return `${v}s`;
  if (DURATION.test(v)) return v;
  throw new UsageError(`invalid --timeout "${value}"; expected a duration such as 180s, 5m or 1m30s`);
}

export function parseDeployArgs(args: readonly string[]): DeployArgs {
  const { values } = parseFlags(args, OPTIONS);
  let stack: StackDefinition;
  try {
    stack = findStack(values.stack ?? STACKS[0].name);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const profile = values.profile ?? stack.profiles[0];
  const mismatch = profileProblem(stack, profile);
  if (mismatch) throw new UsageError(mismatch);
  for (const key of ['dir', 'context', 'data-node'] as const) {
    if (values[key] !== undefined && values[key].trim() === '') {
      throw new UsageError(`--${key} must not be empty`);
    }
  }
  const dataNode = values['data-node'];
  if (dataNode !== undefined) {
    // The stack says what --data-node means for this profile ('auto' stands for a valid name here).
    const problems = storageProblems(stack, profile, { dataNode });
    if (problems.length > 0) throw new UsageError(problems.join('\n'));
    if (values.dir !== undefined) {
      throw new UsageError(`${STORAGE_FLAGS.dataNode} synthesizes the manifests it applies (into a variant folder such as ${stack.defaultOutdir(profile)}-data-node/); allowed: ${STORAGE_FLAGS.dataNode} or --dir, not both`);
    }
    if (dataNode === AUTO_DATA_NODE && values['dry-run']) {
      throw new UsageError(`${STORAGE_FLAGS.dataNode} auto reads the cluster's nodes, which --dry-run does not; allowed with --dry-run: ${STORAGE_FLAGS.dataNode} NODE`);
    }
  }
  const images = parseImageFlags(stack, values.image ?? []);
  if (images.problems.length > 0) throw new UsageError(images.problems.join('\n'));
  if (Object.keys(images.images).length > 0 && values.dir !== undefined) {
    throw new UsageError(`${IMAGE_FLAG} synthesizes the manifests it applies (into a variant folder such as ${stack.defaultOutdir(profile)}-custom-images/); allowed: ${IMAGE_FLAG} or --dir, not both (or: npm run synth -- ${IMAGE_FLAG} … --outdir DIR, then --dir DIR)`);
  }
  return {
    stack,
    profile,
    dir: values.dir ?? stack.defaultOutdir(profile),
    ...(dataNode !== undefined ? { dataNode } : {}),
    images: images.images,
    allowPlaceholderImages: values['allow-placeholder-images'] ?? false,
    ...(values.context !== undefined ? { context: values.context } : {}),
    timeout: normalizeTimeout(values.timeout ?? DEFAULT_TIMEOUT),
    dryRun: values['dry-run'] ?? false,
    help: values.help ?? false,
  };
}

export async function main(args: string[], deps: DeployDeps = defaultDeps()): Promise<number> {
  const { io } = deps;
  let parsed: DeployArgs;
  try {
    parsed = parseDeployArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return runCli(() => {
      throw err;
    }, io);
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }

  const bin = resolveKubectl(deps.env);
  const run = deps.kubectl ?? spawnKubectl(bin, deps.env, deps.cwd);
  let dir = parsed.dir;
  let checked = false;
  // The context and API server are checked once, before the first call that needs the cluster.
  const clusterReady = (): boolean => {
    if (checked) return true;
    const ready = preflight(run, parsed.context, deps.env.KUBECONFIG);
    if (!ready.ok) io.stderr(`error: ${ready.message}\n  nothing was applied.\n`);
    checked = ready.ok;
    return ready.ok;
  };
  let dataNodeLine: string | undefined;
  let pinned: SynthResult | undefined;
  const customImages = Object.keys(parsed.images).length > 0;
  if (parsed.dataNode !== undefined || customImages) {
    let node = parsed.dataNode;
    let why = 'as asked; not checked against the cluster under --dry-run';
    if (!parsed.dryRun && parsed.dataNode !== undefined) {
      if (!clusterReady()) return 1;
      const choice = resolveDataNode(run, parsed.dataNode, parsed.context);
      if (!choice.ok) {
        io.stderr(`error: ${choice.message}\n  nothing was applied.\n`);
        return choice.badFlag ? 2 : 1;
      }
      node = choice.node.hostname;
      why = choice.why;
    }
    // Synthesized like `npm run synth -- --data-node NODE --image C=REF` (credentials from the
    // environment), into the variant folder: the committed folder is never overwritten.
    const request: SynthRequest = { stack: parsed.stack.name, profile: parsed.profile, env: deps.env, dataNode: node, images: parsed.images };
    pinned = synthesize(request);
    const variants = variantsOf(request, pinned);
    dir = defaultOutdirOf(pinned, variants);
    writeFolderAtomically(path.resolve(deps.cwd, dir), pinned.rendered);
    // What synth would say about these manifests (e.g. development credentials).
    for (const notice of pinned.notices) io.stderr(`${notice}\n`);
    if (customImages) io.stdout(`synthesized ${describeVariants(request, pinned, variants)} manifests into ${dir}/ (not committed)\n`);
    if (node !== undefined) {
      dataNodeLine = `data node: ${node} (${why}) holds the data of ${parsed.stack.name}'s node-local volumes; manifests pinned to it in ${dir}/`;
      io.stdout(`${dataNodeLine}\n`);
    }
  }

  // The order and the entry points come from the stack's chart (names, wiring and ports do not
  // depend on credentials or the data node); the files applied are the folder's.
  const built = pinned ?? synthesize({ stack: parsed.stack.name, profile: parsed.profile, env: {} });
  const plan = buildDeployPlan(dir, built.applyOrder, {
    cwd: deps.cwd,
    timeout: parsed.timeout,
    ...(parsed.context !== undefined ? { context: parsed.context } : {}),
  });
  const synthCommand = `npm run synth -- --stack ${parsed.stack.name} --profile ${parsed.profile}`;
  const canonical = parsed.stack.defaultOutdir(parsed.profile);

  if (plan.missing.length > 0) {
    const all = plan.missing.length === plan.components.flatMap((c) => c.files).length;
    io.stderr(
      (all
        ? `error: no manifests of ${parsed.stack.name} (profile ${parsed.profile}) in ${parsed.dir}: all ${plan.missing.length} files are missing\n`
        : `error: missing ${plan.missing.length} file(s) of ${parsed.stack.name} (profile ${parsed.profile}) in ${parsed.dir}: ${plan.missing.join(', ')}\n`) +
        `  generate them with: ${synthCommand}${parsed.dir !== canonical ? ` (it writes ${canonical}/; or add --outdir ${parsed.dir})` : ''}\n` +
        '  nothing was applied.\n',
    );
    return 1;
  }
  if (plan.problems.length > 0) {
    io.stderr(
      `error: cannot read ${plan.problems.length} manifest(s) in ${parsed.dir}:\n` +
        plan.problems.map((p) => `  ${p}\n`).join('') +
        `  re-generate them with: ${synthCommand}\n  nothing was applied.\n`,
    );
    return 1;
  }
  if (plan.extra.length > 0) {
    io.stderr(`note: not part of ${parsed.stack.name}'s apply order, not applied: ${plan.extra.join(', ')}\n`);
  }
  // Say plainly when the folder's data is node-local and unpinned, and how to pin it.
  const pinnable = parsed.stack.storage(parsed.profile) === 'node-local';
  for (const volume of unpinnedVolumes(plan.objects)) {
    io.stderr(`${unpinnedVolumeNotice(volume, pinnable ? `pin it to a node: npm run deploy -- --stack ${parsed.stack.name} --profile ${parsed.profile} ${STORAGE_FLAGS.dataNode} NODE (or ${STORAGE_FLAGS.dataNode} auto: the first schedulable worker)` : undefined)}\n`);
  }

  // Pods of a placeholder image can never pull it: say so, and refuse to apply them unless asked.
  const placeholders = placeholdersIn(parsed.stack, plan.objects);
  const deployCommand = `npm run deploy -- --stack ${parsed.stack.name} --profile ${parsed.profile}`;
  for (const notice of placeholderNotices(placeholders, deployCommand)) io.stderr(`${notice}\n`);
  const refusePlaceholders = placeholders.length > 0 && !parsed.allowPlaceholderImages;
  const placeholderAdvice = `deploy your own images: ${deployCommand} ${placeholderFlags(placeholders)}; or go on anyway (those pods will not start) with --allow-placeholder-images`;

  if (parsed.dryRun) {
    io.stdout(planCommands(plan, bin, entryPoints(built.chart)).map((l) => `${l}\n`).join(''));
    if (refusePlaceholders) io.stderr(`note: without --dry-run this deploy stops before applying anything: ${dir} runs ${placeholders.length} placeholder image(s); ${placeholderAdvice}\n`);
    return 0;
  }

  if (refusePlaceholders) {
    io.stderr(`error: ${dir} runs ${placeholders.length} placeholder image(s) no registry serves (${placeholders.map((p) => p.image.reference).join(', ')}): their pods could never start\n  ${placeholderAdvice}\n  nothing was applied.\n`);
    return 1;
  }

  if (!clusterReady()) return 1;

  const rerun = ['npm run deploy', ...(args.length > 0 ? ['--', ...args.map(shellQuote)] : [])].join(' ');
  const code = executeDeploy(plan, {
    run,
    bin,
    io,
    rerun,
    entryPoints: entryPoints(built.chart),
    ...(deps.now ? { now: deps.now } : {}),
  });
  if (code === 0 && dataNodeLine !== undefined) io.stdout(`${dataNodeLine}\n`);
  return code;
}
