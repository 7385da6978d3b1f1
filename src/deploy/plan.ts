/**
 * Deploy plan: which files are applied, in which order, and which rollouts are awaited after
 * each component. The order comes from the stack's wiring (`applyOrder`: Namespaces first, stores
 * before the clients bound to them, routed apps before their ingress controller); for Bernstein it
 * is the spec's "expected deployment process". The rollouts come from the folder's own manifests,
 * read through the manifest model, because that folder is what gets applied.
 *
 * `buildDeployPlan` has no side effects besides reading the folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { folderContents, FolderWorkload, ManifestObject, readManifestFolder } from '../manifests';
import { ApplyStep } from '../output/apply-order';
import { withContext } from './kubectl';
import { podListArgs, podSelectorOf, templateImagesOf } from './pods';

export const DEFAULT_TIMEOUT = '180s';

export interface RolloutStep {
  readonly workload: FolderWorkload;
  /** `kubectl rollout status` with the whole timeout, as a person would run it (without the binary). */
  readonly args: readonly string[];
  /** `kubectl rollout status` waiting at most `timeout` (a kubectl duration), for one slice of the wait. */
  readonly waitFor: (timeout: string) => readonly string[];
  /** `kubectl get pods` of the workload's pods as JSON; undefined when its selector names no label. */
  readonly pods?: readonly string[];
  /** Container name → image of the workload's pod template as applied (tells its pods from older ones). */
  readonly images: Readonly<Record<string, string>>;
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
  /** Files that exist but cannot be read or parsed (the plan must not be run when non-empty). */
  readonly problems: readonly string[];
  /** Every object of the folder, as read for the plan (for further questions about it). */
  readonly objects: readonly ManifestObject[];
}

export interface DeployPlanOptions {
  /** kube context, passed as `--context NAME` on every call. */
  readonly context?: string;
  /** rollout timeout, a kubectl duration. @default DEFAULT_TIMEOUT */
  readonly timeout?: string;
  /** Base for a relative `dir`. @default process.cwd() */
  readonly cwd?: string;
}


/** `deployment/poll` */
export function workloadId(w: FolderWorkload): string {
  return `${w.kind.toLowerCase()}/${w.name}`;
}

/** `deployment/poll (default)` */
export function describeWorkload(w: FolderWorkload): string {
  return `${workloadId(w)} (${w.namespace ?? 'context namespace'})`;
}

const MANIFEST_FILE = /\.ya?ml$/i;

/**
 * The deploy plan of the manifests in `dir`, applied in `order`. Never throws for missing or
 * broken files: they are reported in `missing` / `problems`, so the order is usable before a synth.
 */
export function buildDeployPlan(dir: string, order: readonly ApplyStep[], options: DeployPlanOptions = {}): DeployPlan {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const folder = path.resolve(options.cwd ?? process.cwd(), dir);
  const present = fs.existsSync(folder) ? new Set(fs.readdirSync(folder)) : new Set<string>();
  const planned = order.flatMap((step) => step.files);
  const missing = planned.filter((f) => !present.has(f));
  const known = new Set(planned);
  const extra = [...present].filter((f) => MANIFEST_FILE.test(f) && !known.has(f)).sort();

  const manifests = present.size > 0 ? readManifestFolder(folder) : undefined;
  const problems = (manifests?.issues ?? [])
    .filter((issue) => issue.severity === 'error' && known.has(issue.file))
    .map((issue) => `${issue.file}: ${issue.message}`);
  const workloads = manifests ? folderContents(manifests.inventory).workloads.filter((w) => w.rollout) : [];
  const bodyOf = (w: FolderWorkload) => manifests?.inventory.objects.find((o) => o.file === w.file && o.kind === w.kind && o.name === w.name)?.body;
  const rolloutStatus = (w: FolderWorkload, wait: string) => withContext(options.context, [
    'rollout', 'status', workloadId(w),
    ...(w.namespace ? ['-n', w.namespace] : []),
    `--timeout=${wait}`,
  ]);

  const components = order.map((step, i): PlannedComponent => ({
    index: i + 1,
    name: step.component,
    files: step.files,
    apply: withContext(options.context, ['apply', ...step.files.flatMap((f) => ['-f', path.join(dir, f)])]),
    rollouts: workloads
      .filter((w) => step.files.includes(w.file))
      .map((workload): RolloutStep => {
        const body = bodyOf(workload);
        const selector = body ? podSelectorOf(body) : undefined;
        return {
          workload,
          images: body ? templateImagesOf(body) : {},
          args: rolloutStatus(workload, timeout),
          waitFor: (wait) => rolloutStatus(workload, wait),
          ...(selector !== undefined ? { pods: podListArgs(options.context, workload.namespace, selector) } : {}),
        };
      }),
  }));

  return {
    dir,
    ...(options.context !== undefined ? { context: options.context } : {}),
    timeout,
    components,
    missing,
    extra,
    problems,
    objects: manifests?.inventory.objects ?? [],
  };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Seconds of a kubectl (Go) duration such as `180s`, `5m` or `1m30s`; NaN when it is none. */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) return NaN;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * DURATION_UNITS[unit], 0);
}
