/**
 * `npm run deploy -- [--stack NAME] [--profile P] [--dir DIR | --data-node NODE|auto] [--context NAME] [--timeout 180s] [--dry-run]`
 *
 * Applies a stack's synthesized manifests with kubectl, component by component in the order
 * derived from its wiring (for Bernstein: the spec's monitoring, postgres, redis, apps, traefik),
 * waits for each component's rollouts, then prints where the stack is reached. See docs/deploy.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileOwner, folderApplyOrder } from '../deploy/folder-order';
import { readManifestFolder } from '../manifests';
import { findStack, IMAGE_FLAG, NODE_RUNTIMES, NodeRuntime, parseImageFlags, profileProblem, Routing, ROUTING_FLAGS, routingProblems, ROUTINGS, STACKS, StackDefinition, STORAGE_FLAGS, storageProblems } from '../charts/stacks';
import { writeFolderAtomically } from '../output/write';
import {
  DEFAULT_NODE_RUNTIME,
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
import { commandLine, Flags, parseFlags, runCli, UsageError } from './args';
import {
  AUTO_DATA_NODE,
  DEFAULT_TIMEOUT,
  DeployIO,
  detectNodeRuntime,
  gatewayCrdCommands,
  installGatewayCrds,
  resolveDataNode,
  usesGatewayApi,
  buildDeployPlan,
  entryPoints,
  executeDeploy,
  folderEntryPoints,
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
  /** Synthesizes a stack; tests pass one that remembers its results. @default synthesize (src/synth.ts) */
  readonly synthesize?: (request: SynthRequest) => SynthResult;
}

const defaultDeps = (): DeployDeps => ({
  env: process.env,
  cwd: process.cwd(),
  io: {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  },
});

export const USAGE = `usage: bernstein-cdk8s deploy [options]   (in this repository: npm run deploy -- [options])

Applies manifests with kubectl, component by component in the order derived from their wiring
(Namespaces and CRDs first, then stores before the clients that read their settings or dial
their Services, routed apps before their ingress controller), waiting for each rollout, then
prints where the app is reached.

  --dir DIR alone        any folder of manifests (yours, e.g. writeManifests output): a component is
                         a file stem (<component>.<kind>.yaml), the order and the ways in come from
                         the manifests themselves
  --stack / --profile    a built-in stack's synthesized folder, in the order of its construct tree

options:
  --stack NAME           ${STACKS.map((s) => s.name).join(' | ')} (default: ${STACKS[0].name})
  --profile NAME         one of the stack's profiles (default: its first; see synth --help)
  --dir DIR              folder holding the manifests (default: the stack's folder for the profile, e.g. dist/)
  --routing ingress|gateway
                         with the stack's folders: the routing's folder (e.g. dist-modern-gateway/); a folder
                         with Gateway API objects first gets the Gateway API CRDs (v1.6.1 standard channel,
                         shipped) the cluster lacks, applied server-side and awaited until Established
  --node-runtime containerd|k3s|crio
                         the nodes' container runtime, whose socket cAdvisor reads (${STACKS.flatMap((s) => s.profiles.filter((p) => s.knowsNodeRuntime(p)).map((p) => `${s.name} ${p}`)).join(', ')});
                         default: read from the nodes (containerd under --dry-run); k3s and crio synthesize
                         into the variant folder (e.g. dist-modern-node-runtime/) and apply that; not with --dir
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
  routing: { type: 'string', value: ROUTINGS.join('|') },
  'node-runtime': { type: 'string', value: NODE_RUNTIMES.join('|') },
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
  /** How the stack's routes are written (`--routing`). */
  routing?: Routing;
  /** The nodes' runtime as given (`--node-runtime`); read from the nodes when absent. */
  nodeRuntime?: NodeRuntime;
  /** The manifests are the stack's default folder (no `--dir`): a runtime other than the default synthesizes a variant. */
  defaultDir: boolean;
  allowPlaceholderImages: boolean;
  context?: string;
  timeout: string;
  dryRun: boolean;
  help: boolean;
  /** `--dir` without `--stack`/`--profile`: any folder, its order derived from its manifests. */
  fromFolder: boolean;
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
  const routed = routingProblems(stack, profile, { routing: values.routing, nodeRuntime: values['node-runtime'] });
  if (routed.length > 0) throw new UsageError(routed.join('\n'));
  if (values['node-runtime'] !== undefined && values.dir !== undefined) {
    throw new UsageError(`${ROUTING_FLAGS.nodeRuntime} synthesizes the manifests it applies (into a variant folder such as ${stack.defaultOutdir(profile)}-node-runtime/); allowed: ${ROUTING_FLAGS.nodeRuntime} or --dir, not both`);
  }
  // Checked just above by routingProblems.
  const routing = values.routing as Routing | undefined;
  const images = parseImageFlags(stack, values.image ?? []);
  if (images.problems.length > 0) throw new UsageError(images.problems.join('\n'));
  if (Object.keys(images.images).length > 0 && values.dir !== undefined) {
    throw new UsageError(`${IMAGE_FLAG} synthesizes the manifests it applies (into a variant folder such as ${stack.defaultOutdir(profile)}-custom-images/); allowed: ${IMAGE_FLAG} or --dir, not both (or: npm run synth -- ${IMAGE_FLAG} … --outdir DIR, then --dir DIR)`);
  }
  return {
    stack,
    profile,
    dir: values.dir ?? stack.defaultOutdir(profile, routing),
    ...(dataNode !== undefined ? { dataNode } : {}),
    images: images.images,
    ...(routing !== undefined ? { routing } : {}),
    ...(values['node-runtime'] !== undefined ? { nodeRuntime: values['node-runtime'] as NodeRuntime } : {}),
    defaultDir: values.dir === undefined,
    allowPlaceholderImages: values['allow-placeholder-images'] ?? false,
    ...(values.context !== undefined ? { context: values.context } : {}),
    timeout: normalizeTimeout(values.timeout ?? DEFAULT_TIMEOUT),
    dryRun: values['dry-run'] ?? false,
    help: values.help ?? false,
    fromFolder: values.dir !== undefined && values.stack === undefined && values.profile === undefined,
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
  const synthesizeStack = deps.synthesize ?? synthesize;
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
  // Synthesized like `npm run synth -- --data-node NODE --image C=REF --node-runtime R` (credentials
  // from the environment), into the variant folder: the committed folder is never overwritten.
  const synthesizeVariant = (node: string | undefined, nodeRuntime: NodeRuntime | undefined): SynthResult => {
    const request: SynthRequest = { stack: parsed.stack.name, profile: parsed.profile, env: deps.env, dataNode: node, images: parsed.images, routing: parsed.routing, nodeRuntime };
    const result = synthesizeStack(request);
    const variants = variantsOf(request, result);
    dir = defaultOutdirOf(result, variants);
    writeFolderAtomically(path.resolve(deps.cwd, dir), result.rendered);
    // What synth would say about these manifests (e.g. development credentials).
    for (const notice of result.notices) io.stderr(`${notice}\n`);
    if (customImages || (nodeRuntime ?? DEFAULT_NODE_RUNTIME) !== DEFAULT_NODE_RUNTIME) io.stdout(`synthesized ${describeVariants(request, result, variants)} manifests into ${dir}/ (not committed)\n`);
    return result;
  };
  // cAdvisor reads the nodes' runtime socket: as given, else read from the nodes before applying.
  const detectRuntime = parsed.defaultDir && !parsed.fromFolder && parsed.nodeRuntime === undefined && parsed.stack.knowsNodeRuntime(parsed.profile);
  const otherRuntime = parsed.nodeRuntime !== undefined && parsed.nodeRuntime !== DEFAULT_NODE_RUNTIME;
  if (parsed.dataNode !== undefined || customImages || otherRuntime) {
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
    pinned = synthesizeVariant(node, parsed.nodeRuntime);
    if (node !== undefined) {
      dataNodeLine = `data node: ${node} (${why}) holds the data of ${parsed.stack.name}'s node-local volumes; manifests pinned to it in ${dir}/`;
      io.stdout(`${dataNodeLine}\n`);
    }
  }

  if (parsed.fromFolder) return deployFolder(parsed, deps, run, bin, clusterReady, args);

  // The order and the entry points come from the stack's chart (names, wiring and ports do not
  // depend on credentials or the data node); the files applied are the folder's.
  const built = pinned ?? synthesizeStack({ stack: parsed.stack.name, profile: parsed.profile, routing: parsed.routing, env: {} });
  const planOf = (folder: string, order: SynthResult['applyOrder']) => buildDeployPlan(folder, order, {
    cwd: deps.cwd,
    timeout: parsed.timeout,
    ...(parsed.context !== undefined ? { context: parsed.context } : {}),
  });
  let plan = planOf(dir, built.applyOrder);
  const routingFlag = built.routing === parsed.stack.routings(parsed.profile)[0] ? '' : ` ${ROUTING_FLAGS.routing} ${built.routing}`;
  const synthCommand = `${commandLine('synth', deps.env)} --stack ${parsed.stack.name} --profile ${parsed.profile}${routingFlag}`;
  const canonical = parsed.stack.defaultOutdir(parsed.profile, built.routing);

  if (plan.missing.length > 0) {
    const all = plan.missing.length === plan.components.flatMap((c) => c.files).length;
    io.stderr(
      (all
        ? `error: no manifests of ${parsed.stack.name} (profile ${parsed.profile}) in ${parsed.dir}: all ${plan.missing.length} files are missing\n`
        : `error: missing ${plan.missing.length} file(s) of ${parsed.stack.name} (profile ${parsed.profile}) in ${parsed.dir}: ${plan.missing.join(', ')}\n`) +
        `  generate them with: ${synthCommand} (it writes ${canonical}/)${parsed.dir !== canonical ? `; to apply a folder of your own as it is, in the order its manifests give: ${commandLine('deploy', deps.env)} --dir ${shellQuote(parsed.dir)}` : ''}\n` +
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
    io.stderr(`${unpinnedVolumeNotice(volume, pinnable ? `pin it to a node: ${commandLine('deploy', deps.env)} --stack ${parsed.stack.name} --profile ${parsed.profile} ${STORAGE_FLAGS.dataNode} NODE (or ${STORAGE_FLAGS.dataNode} auto: the first schedulable worker)` : undefined)}\n`);
  }

  const placeholders = placeholderGate([parsed.stack], plan.objects, dir, parsed, deps, `--profile ${parsed.profile}${routingFlag}`);

  if (parsed.dryRun) {
    if (detectRuntime) io.stderr(`note: --dry-run reads no nodes: the plan assumes containerd nodes (cAdvisor on /run/containerd/containerd.sock); on k3s or CRI-O add ${ROUTING_FLAGS.nodeRuntime} k3s|crio\n`);
    io.stdout([...crdCommands(plan.objects, bin, parsed.context), ...planCommands(plan, bin, entryPoints(built.chart))].map((l) => `${l}\n`).join(''));
    placeholders.dryRun();
    return 0;
  }
  if (placeholders.refused()) return 1;

  if (!clusterReady()) return 1;
  if (detectRuntime) {
    const detected = detectNodeRuntime(run, parsed.context);
    if (!detected.ok) {
      io.stderr(`notice: node runtime not detected (${detected.message}): cAdvisor reads containerd's socket; pick another with ${ROUTING_FLAGS.nodeRuntime} ${NODE_RUNTIMES.join('|')}\n`);
    } else {
      io.stdout(`node runtime: ${detected.runtime} (${detected.why})\n`);
      // The committed folder is written for containerd nodes: another runtime gets its variant.
      if (detected.runtime !== DEFAULT_NODE_RUNTIME) {
        const variant = synthesizeVariant(undefined, detected.runtime);
        plan = planOf(dir, variant.applyOrder);
      }
    }
  }
  if (!gatewayCrdsReady(plan.objects, run, parsed.context, io)) return 1;

  const rerun = rerunCommand(args, deps.env);
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

/** The dry-run lines of the Gateway API CRD step, when the folder holds Gateway API objects. */
function crdCommands(objects: Parameters<typeof usesGatewayApi>[0], bin: string, context: string | undefined): string[] {
  return usesGatewayApi(objects) ? gatewayCrdCommands(bin, context) : [];
}

/**
 * Before a folder holding Gateway API objects is applied: the shipped Gateway API CRDs the cluster
 * lacks are installed and Established (an HTTPRoute of an unknown kind would be refused). False,
 * having said why, when that failed.
 */
function gatewayCrdsReady(objects: Parameters<typeof usesGatewayApi>[0], run: KubectlRunner, context: string | undefined, io: DeployIO): boolean {
  if (!usesGatewayApi(objects)) return true;
  const result = installGatewayCrds(run, context);
  if (!result.ok) {
    io.stderr(`error: ${result.message}\n  nothing of the stack was applied.\n`);
    return false;
  }
  io.stdout(result.installed.length === 0
    ? `Gateway API CRDs: all ${result.present.length} present in the cluster, left as they are\n`
    : `Gateway API CRDs: installed ${result.installed.length} (${result.installed.join(', ')}), Established${result.present.length > 0 ? `; ${result.present.length} already present, left as they are` : ''}\n`);
  return true;
}

/** The command that runs this deploy again, as the user typed it. */
function rerunCommand(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const command = commandLine('deploy', env);
  const line = [command, ...args.map(shellQuote)].join(' ');
  return args.length === 0 && command.endsWith(' --') ? command.slice(0, -3) : line;
}

/**
 * Pods of a placeholder image can never pull it: names each placeholder of `stacks` that `objects`
 * still run (with the --image that replaces it), and says whether the deploy must stop before
 * applying anything (unless --allow-placeholder-images); under --dry-run, that it would.
 * `flags` are the stack flags beyond --stack that the suggested command repeats.
 */
function placeholderGate(
  stacks: readonly StackDefinition[],
  objects: Parameters<typeof placeholdersIn>[1],
  dir: string,
  parsed: DeployArgs,
  deps: DeployDeps,
  flags = '',
): { readonly dryRun: () => void; readonly refused: () => boolean } {
  const found = stacks.map((stack) => ({ stack, uses: placeholdersIn(stack, objects) })).filter((f) => f.uses.length > 0);
  const commands = found.map(({ stack, uses }) => ({ uses, command: [`${commandLine('deploy', deps.env)} --stack ${stack.name}`, flags].filter(Boolean).join(' ') }));
  for (const { uses, command } of commands) for (const notice of placeholderNotices(uses, command)) deps.io.stderr(`${notice}\n`);
  const all = found.flatMap((f) => f.uses);
  const refuse = all.length > 0 && !parsed.allowPlaceholderImages;
  const advice = `deploy your own images: ${commands.map(({ uses, command }) => `${command} ${placeholderFlags(uses)}`).join(' / ')}; or go on anyway (those pods will not start) with --allow-placeholder-images`;
  return {
    dryRun: () => {
      if (refuse) deps.io.stderr(`note: without --dry-run this deploy stops before applying anything: ${dir} runs ${all.length} placeholder image(s); ${advice}\n`);
    },
    refused: () => {
      if (refuse) deps.io.stderr(`error: ${dir} runs ${all.length} placeholder image(s) no registry serves (${all.map((p) => p.image.reference).join(', ')}): their pods could never start\n  ${advice}\n  nothing was applied.\n`);
      return refuse;
    },
  };
}

/**
 * `deploy --dir DIR` without a stack: any folder of manifests, applied component by component
 * (a component is a file stem) in the order its own manifests give (src/deploy/folder-order.ts),
 * reached where its own Services and Ingresses say.
 */
function deployFolder(parsed: DeployArgs, deps: DeployDeps, run: KubectlRunner, bin: string, clusterReady: () => boolean, args: readonly string[]): number {
  const { io } = deps;
  const folder = path.resolve(deps.cwd, parsed.dir);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    io.stderr(`error: --dir ${parsed.dir}: no such folder\n  nothing was applied.\n`);
    return 1;
  }
  const { inventory, issues } = readManifestFolder(folder);
  const order = folderApplyOrder(inventory.objects);
  const plan = buildDeployPlan(parsed.dir, order.steps, {
    cwd: deps.cwd,
    timeout: parsed.timeout,
    ...(parsed.context !== undefined ? { context: parsed.context } : {}),
  });
  const problems = issues.filter((issue) => issue.severity === 'error').map((issue) => `${issue.file}: ${issue.message}`);
  if (problems.length > 0 || plan.components.length === 0) {
    io.stderr(
      (problems.length === 0 ? `error: no Kubernetes objects in ${parsed.dir} (*.yaml / *.yml files)\n` : `error: cannot read ${problems.length} manifest(s) in ${parsed.dir}:\n${problems.map((p) => `  ${p}\n`).join('')}`) +
        `  check them with: ${commandLine('check', deps.env)} ${shellQuote(parsed.dir)}\n  nothing was applied.\n`,
    );
    return 1;
  }
  if (order.cycle.length > 0) {
    io.stderr(`note: ${order.cycle.join(', ')} and what they connect to need each other; applied in name order\n`);
  }
  for (const volume of unpinnedVolumes(plan.objects)) io.stderr(`${unpinnedVolumeNotice(volume, undefined)}\n`);
  const reached = folderEntryPoints(plan.objects, fileOwner);
  // Any folder may hold a stack's placeholder images (e.g. a copy of dist-promotions/).
  const placeholders = placeholderGate(STACKS, plan.objects, parsed.dir, parsed, deps);
  if (parsed.dryRun) {
    io.stdout([...crdCommands(plan.objects, bin, parsed.context), ...planCommands(plan, bin, reached)].map((l) => `${l}\n`).join(''));
    placeholders.dryRun();
    return 0;
  }
  if (placeholders.refused()) return 1;
  if (!clusterReady()) return 1;
  if (!gatewayCrdsReady(plan.objects, run, parsed.context, io)) return 1;
  return executeDeploy(plan, {
    run,
    bin,
    io,
    rerun: rerunCommand(args, deps.env),
    entryPoints: reached,
    ...(deps.now ? { now: deps.now } : {}),
  });
}
