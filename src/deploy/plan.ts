/**
 * Deploy plan: which synthesized files are applied, in which order, and which rollouts are
 * awaited after each group.
 *
 * The order is the spec's "expected deployment process" (B-DOP-500 Bernstein): monitoring,
 * postgres, redis, the three apps, then traefik. One `kubectl apply` per component, then one
 * `kubectl rollout status` per Deployment/DaemonSet found in that component's files.
 *
 * `buildDeployPlan` has no side effects: it only reads manifests through a `ManifestSource`
 * (the file system by default, or an in-memory map for tests and for the README/diagram code).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

export interface DeployComponent {
  /** Short name used in progress lines and error messages. */
  readonly name: string;
  /** File names, in `kubectl apply -f` order. */
  readonly files: readonly string[];
}

/** The spec's deployment process, grouped by component. */
export const DEPLOY_COMPONENTS: readonly DeployComponent[] = Object.freeze([
  { name: 'monitoring', files: ['cadvisor.daemonset.yaml'] },
  {
    name: 'postgres',
    files: [
      'postgres.secret.yaml',
      'postgres.configmap.yaml',
      'postgres.volume.yaml',
      'postgres.deployment.yaml',
      'postgres.service.yaml',
    ],
  },
  { name: 'redis', files: ['redis.configmap.yaml', 'redis.deployment.yaml', 'redis.service.yaml'] },
  {
    name: 'apps',
    files: [
      'poll.deployment.yaml',
      'worker.deployment.yaml',
      'result.deployment.yaml',
      'poll.service.yaml',
      'result.service.yaml',
      'poll.ingress.yaml',
      'result.ingress.yaml',
    ],
  },
  { name: 'traefik', files: ['traefik.rbac.yaml', 'traefik.deployment.yaml', 'traefik.service.yaml'] },
].map((c) => Object.freeze({ name: c.name, files: Object.freeze([...c.files]) })));

/** Every file the deploy applies, in order. */
export const DEPLOY_FILES: readonly string[] = Object.freeze(DEPLOY_COMPONENTS.flatMap((c) => c.files));

export const PROFILES = ['spec', 'modern'] as const;
export type Profile = (typeof PROFILES)[number];

/** Output folder of `npm run synth -- --profile <p>`. */
export const DEFAULT_DIRS: Readonly<Record<Profile, string>> = Object.freeze({
  spec: 'dist',
  modern: 'dist-modern',
});

export const DEFAULT_TIMEOUT = '180s';

/** Workload kinds that get a `kubectl rollout status` wait. */
export type WorkloadKind = 'Deployment' | 'DaemonSet';
const WORKLOAD_KINDS: readonly string[] = ['Deployment', 'DaemonSet'];

export interface WorkloadRef {
  readonly kind: WorkloadKind;
  readonly name: string;
  /** `metadata.namespace`; undefined when the manifest leaves it to the kubectl context. */
  readonly namespace?: string;
  /** File name (inside the deploy folder) that declares it. */
  readonly file: string;
}

export interface RolloutStep {
  readonly workload: WorkloadRef;
  /** kubectl arguments (without the binary). */
  readonly args: readonly string[];
}

export interface PlannedComponent {
  /** 1-based position. */
  readonly index: number;
  readonly name: string;
  /** File names (inside `dir`). */
  readonly files: readonly string[];
  /** `kubectl apply` arguments (without the binary). */
  readonly apply: readonly string[];
  readonly rollouts: readonly RolloutStep[];
}

export interface DeployPlan {
  readonly dir: string;
  readonly context?: string;
  readonly timeout: string;
  readonly components: readonly PlannedComponent[];
  /** Expected files that are not in `dir` (the plan must not be run when non-empty). */
  readonly missing: readonly string[];
  /** YAML files in `dir` that no component applies (informational). */
  readonly extra: readonly string[];
  /** Files that exist but cannot be parsed (the plan must not be run when non-empty). */
  readonly problems: readonly string[];
  /** True when a postgres file carries an init script that creates the `votes` table. */
  readonly createsVotesTable: boolean;
}

/** Where manifests are read from; the default reads `dir` on disk. */
export interface ManifestSource {
  /** File content, or undefined when the file does not exist. */
  read(file: string): string | undefined;
  /** Names of the files in the folder ([] when it does not exist). */
  list(): readonly string[];
}

export interface DeployPlanOptions {
  /** kube context, passed as `--context NAME` on every call. */
  readonly context?: string;
  /** rollout timeout, a kubectl duration (default 180s). */
  readonly timeout?: string;
  /** Read manifests from here instead of the file system (`dir` is then only used in paths). */
  readonly source?: ManifestSource;
  /** Base for a relative `dir` when reading from disk (default: process.cwd()). */
  readonly cwd?: string;
}

/** A ManifestSource that reads `dir` on disk. */
export function fsManifestSource(dir: string): ManifestSource {
  return {
    read(file) {
      try {
        return fs.readFileSync(path.join(dir, file), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    list() {
      try {
        return fs.readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

/** A ManifestSource backed by a map of file name -> YAML text. */
export function memoryManifestSource(files: Readonly<Record<string, string>>): ManifestSource {
  return {
    read: (file) => (Object.prototype.hasOwnProperty.call(files, file) ? files[file] : undefined),
    list: () => Object.keys(files),
  };
}

/** Prefix `--context NAME` (global kubectl flag) when a context is given. */
export function withContext(context: string | undefined, args: readonly string[]): string[] {
  return context === undefined ? [...args] : ['--context', context, ...args];
}

/** `deployment/poll` */
export function workloadId(w: WorkloadRef): string {
  return `${w.kind.toLowerCase()}/${w.name}`;
}

/** `deployment/poll (default)` */
export function describeWorkload(w: WorkloadRef): string {
  return `${workloadId(w)} (${w.namespace ?? 'context namespace'})`;
}

interface ParsedFile {
  workloads: WorkloadRef[];
  error?: string;
}

function collectWorkloads(file: string, obj: unknown, out: WorkloadRef[]): void {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
  const o = obj as Record<string, unknown>;
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    for (const item of o.items) collectWorkloads(file, item, out);
    return;
  }
  if (typeof o.kind !== 'string' || !WORKLOAD_KINDS.includes(o.kind)) return;
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  if (typeof meta.name !== 'string' || meta.name === '') return; // kubectl apply will reject it
  const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  out.push({ kind: o.kind as WorkloadKind, name: meta.name, ...(ns ? { namespace: ns } : {}), file });
}

/** Deployments and DaemonSets declared in one YAML text (multi-document and `List` aware). */
export function parseWorkloads(file: string, text: string): ParsedFile {
  const workloads: WorkloadRef[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch (err) {
    return { workloads, error: `${file}: ${(err as Error).message}` };
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      return { workloads, error: `${file}: ${doc.errors[0].message.split('\n')[0]}` };
    }
    collectWorkloads(file, doc.toJS(), workloads);
  }
  return { workloads };
}

const VOTES_TABLE = /create\s+table\s+(if\s+not\s+exists\s+)?("?public"?\.)?"?votes"?\b/i;

/**
 * Build the deploy plan for the manifests in `dir`. Never throws for missing or broken files:
 * they are reported in `missing` / `problems`, so the component order is usable without a synth.
 */
export function buildDeployPlan(dir: string, options: DeployPlanOptions = {}): DeployPlan {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const source =
    options.source ?? fsManifestSource(path.resolve(options.cwd ?? process.cwd(), dir));
  const missing: string[] = [];
  const problems: string[] = [];
  let createsVotesTable = false;

  const components = DEPLOY_COMPONENTS.map((component, i): PlannedComponent => {
    const rollouts: RolloutStep[] = [];
    for (const file of component.files) {
      const text = source.read(file);
      if (text === undefined) {
        missing.push(file);
        continue;
      }
      if (component.name === 'postgres' && VOTES_TABLE.test(text)) createsVotesTable = true;
      const parsed = parseWorkloads(file, text);
      if (parsed.error) problems.push(parsed.error);
      for (const workload of parsed.workloads) {
        const nsArgs = workload.namespace ? ['-n', workload.namespace] : [];
        rollouts.push({
          workload,
          args: withContext(options.context, [
            'rollout',
            'status',
            workloadId(workload),
            ...nsArgs,
            `--timeout=${timeout}`,
          ]),
        });
      }
    }
    return {
      index: i + 1,
      name: component.name,
      files: component.files,
      apply: withContext(options.context, [
        'apply',
        ...component.files.flatMap((f) => ['-f', path.join(dir, f)]),
      ]),
      rollouts,
    };
  });

  const known = new Set(DEPLOY_FILES);
  const extra = source
    .list()
    .filter((f) => /\.ya?ml$/i.test(f) && !known.has(f))
    .sort();

  return {
    dir,
    ...(options.context !== undefined ? { context: options.context } : {}),
    timeout,
    components,
    missing,
    extra,
    problems,
    createsVotesTable,
  };
}
