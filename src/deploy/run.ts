/** Executing a DeployPlan with kubectl: progress output, failure reporting, final URLs. */
import { KubectlResult, KubectlRunner, failureText, shellCommand, succeeded } from './kubectl';
import { EntryPoint, NODE_PLACEHOLDER } from './entry-points';
import { hostsLine, lookupNodeAddresses, nodeAddressArgs, urlHost } from './nodes';
import { DeployPlan, PlannedComponent, RolloutStep, describeWorkload, durationSeconds, workloadId } from './plan';
import { describePodProblem, nextCommand, PodProblem, podProblems } from './pods';

/**
 * Seconds one `kubectl rollout status` call waits before deploy looks at the rollout's pods: an
 * image that cannot be pulled shows within seconds, so a deploy says so within about this long.
 */
export const WATCH_INTERVAL_SECONDS = 5;

export interface DeployIO {
  /** Write raw text to stdout (no newline added). */
  readonly stdout: (text: string) => void;
  /** Write raw text to stderr (no newline added). */
  readonly stderr: (text: string) => void;
}

export interface ExecuteOptions {
  readonly run: KubectlRunner;
  /** Binary name/path, only for messages. */
  readonly bin: string;
  readonly io: DeployIO;
  /** Milliseconds clock (default: performance.now). */
  readonly now?: () => number;
  /** The command that resumes the deploy, e.g. `npm run deploy -- --profile spec`. */
  readonly rerun: string;
  /** Where the stack is reached once deployed. */
  readonly entryPoints: readonly EntryPoint[];
  /** Seconds each rollout wait lasts before the pods are looked at. @default WATCH_INTERVAL_SECONDS */
  readonly watchInterval?: number;
}

/**
 * Every kubectl command of the plan, in order, shell-quoted (for --dry-run); the node-address
 * lookup only when an entry point goes through a node.
 */
export function planCommands(plan: DeployPlan, bin: string, entryPoints: readonly EntryPoint[]): string[] {
  const lines: string[] = [];
  if (plan.components.some((c) => c.rollouts.some((r) => r.pods))) {
    lines.push(`# while it waits for a rollout, deploy reads the workload's pods every ${WATCH_INTERVAL_SECONDS}s (${bin} get pods -l SELECTOR -o json) and stops at one that cannot start`);
  }
  for (const c of plan.components) {
    lines.push(`# [${c.index}/${plan.components.length}] ${c.name}`);
    lines.push(shellCommand(bin, c.apply));
    for (const r of c.rollouts) lines.push(shellCommand(bin, r.args));
  }
  if (!entryPoints.some((e) => e.viaNode)) return lines;
  lines.push(shellCommand(bin, nodeAddressArgs('ExternalIP', plan.context)));
  lines.push(
    `# only when no node has an ExternalIP: ${shellCommand(bin, nodeAddressArgs('InternalIP', plan.context))}`,
  );
  return lines;
}

/** `5 files (3 created, 2 unchanged)` from `kubectl apply` output. */
export function summarizeApply(fileCount: number, stdout: string): string {
  const counts = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const m = /^\S+\/\S+ (created|configured|unchanged|serverside-applied)\b/.exec(line.trim());
    if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (counts.size === 0) return files;
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  return `${files} (${parts.join(', ')})`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Apply the plan component by component; stop at the first failure. Returns the exit code
 * (0 on success, 1 when kubectl failed). The plan must have no `missing` / `problems`.
 */
export function executeDeploy(plan: DeployPlan, opts: ExecuteOptions): number {
  const now = opts.now ?? (() => performance.now());
  const { io } = opts;
  const out = (line: string) => io.stdout(`${line}\n`);
  const total = plan.components.length;
  const started = now();
  const done: string[] = [];
  const budget = durationSeconds(plan.timeout);

  out(
    `deploying ${total} components from ${plan.dir}` +
      `${plan.context !== undefined ? ` (context ${plan.context})` : ''}, rollout timeout ${plan.timeout}`,
  );

  const fail = (c: PlannedComponent, reason: string, args: readonly string[], hint?: string): number => {
    const lines = [
      `deploy failed at component "${c.name}" (${c.index}/${total}): ${reason}`,
      `  command: ${shellCommand(opts.bin, args)}`,
    ];
    if (hint) lines.push(`  ${hint}`);
    lines.push(
      done.length > 0
        ? `  components already deployed: ${done.join(', ')}`
        : '  no component was deployed before the failure',
      `  kubectl apply is idempotent: fix the cause and re-run \`${opts.rerun}\` to resume; re-applying the components that already went through is harmless.`,
    );
    io.stderr(`${lines.join('\n')}\n`);
    return 1;
  };

  for (const c of plan.components) {
    const prefix = `[${c.index}/${total}] ${c.name}:`;
    const applied: KubectlResult = opts.run(c.apply);
    if (!succeeded(applied)) {
      out(`${prefix} apply failed`);
      return fail(c, failureText(applied), c.apply);
    }
    out(`${prefix} applied ${summarizeApply(c.files.length, applied.stdout)}`);
    for (const r of c.rollouts) {
      const w = r.workload;
      io.stdout(`      waiting for ${describeWorkload(w)} … `);
      const t0 = now();
      const waited = watchRollout(r, budget, opts.watchInterval ?? WATCH_INTERVAL_SECONDS, opts.run, plan.context);
      if (waited.kind === 'ready') {
        io.stdout(`ready in ${seconds(now() - t0)}\n`);
        continue;
      }
      io.stdout('failed\n');
      const ns = w.namespace ? ` -n ${w.namespace}` : '';
      const inspect = `inspect with: ${opts.bin} describe ${workloadId(w)}${ns}; ${opts.bin} get pods${ns}; ${opts.bin} get events${ns} --sort-by=.lastTimestamp`;
      if (waited.kind === 'pods') {
        // Replicas fail alike: one line per container and reason, naming its first pod.
        const groups = new Map<string, PodProblem[]>();
        for (const p of waited.problems) {
          const key = `${p.container ?? ''}\u0000${p.image ?? ''}\u0000${p.reason}`;
          groups.set(key, [...(groups.get(key) ?? []), p]);
        }
        const shown = [...groups.values()].slice(0, MAX_PODS_SHOWN);
        const more = groups.size - shown.length;
        const line = (pods: PodProblem[]) => `${describePodProblem(pods[0])}${pods.length > 1 ? ` (${pods.length - 1} more pod${pods.length > 2 ? 's' : ''} alike)` : ''}`;
        return fail(
          c,
          `${describeWorkload(w)} cannot become ready: ${shown.map(line).join('; ')}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
          waited.args,
          `next: ${[...new Set(shown.map((pods) => nextCommand(opts.bin, pods[0])))].join('; ')}`,
        );
      }
      return fail(c, `${describeWorkload(w)} did not become ready: ${failureText(waited.result)}`, waited.args, inspect);
    }
    done.push(c.name);
  }

  out(`deployed ${total} components in ${seconds(now() - started)}`);
  printAccess(plan, opts);
  return 0;
}

/** Kinds of pod problems named in one failure line; the rest are counted. */
const MAX_PODS_SHOWN = 3;

/** How waiting for one rollout ended. */
type RolloutOutcome =
  | { readonly kind: 'ready' }
  /** Pods that waiting will not cure, found by `args` (the pod listing). */
  | { readonly kind: 'pods'; readonly problems: readonly PodProblem[]; readonly args: readonly string[] }
  /** `rollout status` failed (the whole timeout spent, a progress deadline exceeded, an error). */
  | { readonly kind: 'failed'; readonly result: KubectlResult; readonly args: readonly string[] };

/** kubectl's `rollout status --timeout` message when the time ran out (watch.Until's ErrWaitTimeout). */
const TIMED_OUT = /timed out waiting for the condition/i;

/**
 * Waits for one rollout in slices of `interval` seconds, reading its pods after each slice that
 * ends before the rollout does: a pod that waiting will not cure ends the wait at once. The
 * slices add up to `budget` seconds (the --timeout); the clock is kubectl's own.
 */
function watchRollout(step: RolloutStep, budget: number, interval: number, run: (args: readonly string[]) => KubectlResult, context: string | undefined): RolloutOutcome {
  // kubectl reads a zero timeout as "wait forever"; so does the watch.
  let left = budget > 0 ? budget : Infinity;
  for (;;) {
    const slice = Math.min(interval, left);
    const args = step.waitFor(`${Number(slice.toFixed(3))}s`);
    const result = run(args);
    if (succeeded(result)) return { kind: 'ready' };
    left -= slice;
    // Any other failure (not found, progress deadline exceeded) says all there is to say.
    if (!TIMED_OUT.test(`${result.stderr}\n${result.stdout}`)) return { kind: 'failed', result, args };
    if (step.pods) {
      const pods = run(step.pods);
      const problems = succeeded(pods) ? podProblems(pods.stdout, context, step.images) : [];
      if (problems.length > 0) return { kind: 'pods', problems, args: step.pods };
    }
    if (left <= 0) return { kind: 'failed', result, args: step.args };
  }
}

function printAccess(plan: DeployPlan, opts: ExecuteOptions): void {
  const out = (line: string) => opts.io.stdout(`${line}\n`);
  if (opts.entryPoints.length === 0) {
    out('nothing is exposed outside the cluster (no node port, no Ingress): reach it with kubectl port-forward.');
    return;
  }
  const needsNode = opts.entryPoints.some((e) => e.viaNode);
  const lookup = needsNode ? lookupNodeAddresses(opts.run, plan.context) : undefined;
  const first = lookup?.ok && lookup.result ? lookup.result.addresses[0] : undefined;

  out('');
  const width = Math.max(...opts.entryPoints.map((e) => `${e.component} ${e.label}`.length));
  for (const e of opts.entryPoints) {
    const url = e.host === undefined ? e.url.replace(NODE_PLACEHOLDER, first ? urlHost(first) : NODE_PLACEHOLDER) : e.url;
    out(`  ${`${e.component} ${e.label}`.padEnd(width)}  ${url}`);
  }
  out('');
  if (lookup && !lookup.ok) {
    opts.io.stderr(`warning: could not read node addresses: ${lookup.error}\n`);
  } else if (lookup && !lookup.result) {
    opts.io.stderr('warning: no node reports an ExternalIP or InternalIP address\n');
  } else if (lookup?.result) {
    const { type, addresses } = lookup.result;
    out(`node ${type} addresses: ${addresses.join(' ')}`);
    if (type === 'InternalIP') {
      out('  (no node has an ExternalIP: using InternalIP, reachable only from the nodes\' network)');
    }
  }
  const throughNodes = [...new Set(opts.entryPoints.filter((e) => e.host !== undefined && e.viaNode).map((e) => e.host!))];
  if (throughNodes.length > 0) {
    const line = hostsLine(first ?? '<node-ip>', throughNodes);
    out('add this line to /etc/hosts (any node works: node ports listen on every node):');
    out(line);
    out(`  e.g. echo '${line}' | sudo tee -a /etc/hosts`);
  }
  const external = [...new Set(opts.entryPoints.filter((e) => e.host !== undefined && !e.viaNode).map((e) => e.host!))];
  if (external.length > 0) {
    out(`point ${external.join(', ')} at your cluster's ingress controller (DNS or /etc/hosts).`);
  }
}
