/**
 * Reading the pods of a rollout while deploy waits for it: the states that never resolve by
 * waiting (an image that cannot be pulled, a container that keeps crashing, a missing ConfigMap
 * or Secret key, a pod no node can take), each with the command that tells more. The reasons
 * are the kubelet's and the scheduler's own words (docs/facts.md#pods-that-cannot-start).
 */
import { asArray, asObject, asString, dig, isObject } from '../manifests/json';
import { JsonObject, JsonValue } from '../manifests/types';
import { shellCommand, withContext } from './kubectl';

/** Waiting reasons of a container that waiting does not cure, and what each means. */
const WAITING_REASONS: Readonly<Record<string, string>> = {
  ErrImagePull: 'cannot be pulled',
  ImagePullBackOff: 'cannot be pulled',
  InvalidImageName: 'is not a valid image reference',
  ErrImageNeverPull: 'is not on the node and imagePullPolicy is Never',
  CrashLoopBackOff: 'keeps crashing',
  CreateContainerConfigError: 'cannot be configured',
};

/** Why a pod of a rollout cannot become ready. */
export interface PodProblem {
  readonly pod: string;
  readonly namespace: string;
  /** The container at fault; undefined for a pod no node takes. */
  readonly container?: string;
  /** The container's image; undefined for a pod no node takes. */
  readonly image?: string;
  /** `ImagePullBackOff`, `CrashLoopBackOff`, `CreateContainerConfigError`, `Unschedulable`, … */
  readonly reason: string;
  /** What the kubelet or the scheduler said, when it said something. */
  readonly message?: string;
  /** The kubectl command (without the binary) that tells more. */
  readonly next: readonly string[];
}

/** `kubectl get pods` of a rollout's pods, as JSON (without the binary). */
export function podListArgs(context: string | undefined, namespace: string | undefined, selector: string): string[] {
  return withContext(context, ['get', 'pods', ...(namespace ? ['-n', namespace] : []), '-l', selector, '-o', 'json']);
}

/**
 * The `-l` selector of a workload's `spec.selector` (matchLabels and matchExpressions in
 * kubectl's set-based syntax), or undefined when it selects nothing it can name.
 */
export function podSelectorOf(body: JsonObject): string | undefined {
  const selector = asObject(dig(body, 'spec', 'selector'));
  if (!selector) return undefined;
  const terms = Object.entries(asObject(selector.matchLabels) ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? [`${key}=${value}`] : []));
  for (const expression of asArray(selector.matchExpressions)) {
    if (!isObject(expression)) continue;
    const key = asString(expression.key);
    const values = asArray(expression.values).filter((v): v is string => typeof v === 'string');
    if (!key) continue;
    switch (asString(expression.operator)) {
      case 'In': terms.push(`${key} in (${values.join(',')})`); break;
      case 'NotIn': terms.push(`${key} notin (${values.join(',')})`); break;
      case 'Exists': terms.push(key); break;
      case 'DoesNotExist': terms.push(`!${key}`); break;
      default: break;
    }
  }
  return terms.length > 0 ? terms.join(',') : undefined;
}

/** The last time a crashing container ended, in words (`exit code 1`, `OOMKilled, exit code 137`). */
function lastExit(status: JsonObject): string | undefined {
  const terminated = asObject(dig(status, 'lastState', 'terminated'));
  if (!terminated) return undefined;
  const reason = asString(terminated.reason);
  const code = typeof terminated.exitCode === 'number' ? `exit code ${terminated.exitCode}` : undefined;
  const said = [reason !== 'Error' ? reason : undefined, code].filter((s): s is string => s !== undefined);
  return said.length > 0 ? `last ended: ${said.join(', ')}` : undefined;
}

/** Container name → image of every container of a workload's pod template (init containers too). */
export function templateImagesOf(body: JsonObject): Record<string, string> {
  const pod = asObject(dig(body, 'spec', 'template', 'spec'));
  const images: Record<string, string> = {};
  for (const c of ['initContainers', 'containers'].flatMap((list) => asArray(pod?.[list]).filter(isObject))) {
    const name = asString(c.name);
    const image = asString(c.image);
    if (name !== undefined && image !== undefined) images[name] = image;
  }
  return images;
}

/**
 * The problems of the pods in `podList` (the output of `kubectl get pods -o json`) that waiting
 * will not cure, in pod order. A pod being deleted is skipped (the rollout is replacing it), and so
 * is one the scheduler holds back only until its claims are bound (a volume still being
 * provisioned). With `current` (the images the applied template runs, by container), a pod of an
 * older revision (another image in its spec: the one being replaced) is skipped too: its failure
 * is what this rollout ends.
 */
export function podProblems(podList: string, context: string | undefined, current?: Readonly<Record<string, string>>): PodProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(podList);
  } catch {
    return [];
  }
  const problems: PodProblem[] = [];
  for (const item of asArray((asObject(parsed as JsonValue) ?? {}).items)) {
    if (!isObject(item) || dig(item, 'metadata', 'deletionTimestamp') !== undefined) continue;
    if (current && Object.keys(current).length > 0 && !sameImages(templateImagesOf({ spec: { template: { spec: asObject(item.spec) ?? {} } } }), current)) continue;
    const pod = asString(dig(item, 'metadata', 'name')) ?? '';
    const namespace = asString(dig(item, 'metadata', 'namespace')) ?? 'default';
    const on = (args: string[]) => withContext(context, ['-n', namespace, ...args]);
    const statuses = ['initContainerStatuses', 'containerStatuses'].flatMap((list) => asArray(dig(item, 'status', list)).filter(isObject));
    for (const status of statuses) {
      const waiting = asObject(dig(status, 'state', 'waiting'));
      const reason = asString(waiting?.reason);
      if (!reason || !(reason in WAITING_REASONS)) continue;
      const container = asString(status.name) ?? '';
      const crash = reason === 'CrashLoopBackOff';
      const message = [asString(waiting?.message), crash ? lastExit(status) : undefined].filter((m): m is string => m !== undefined && m !== '').join('; ');
      problems.push({
        pod,
        namespace,
        container,
        image: asString(status.image) ?? '',
        reason,
        ...(message ? { message } : {}),
        next: crash ? on(['logs', pod, '-c', container, '--previous']) : on(['describe', 'pod', pod]),
      });
    }
    const scheduled = asArray(dig(item, 'status', 'conditions')).filter(isObject).find((c) => c.type === 'PodScheduled');
    if (scheduled && scheduled.status === 'False' && scheduled.reason === 'Unschedulable') {
      const message = asString(scheduled.message) ?? '';
      // A claim still being provisioned holds the pod back only for a while.
      if (/unbound immediate PersistentVolumeClaims/i.test(message)) continue;
      problems.push({ pod, namespace, reason: 'Unschedulable', ...(message ? { message } : {}), next: on(['describe', 'pod', pod]) });
    }
  }
  return problems;
}

/** Whether a pod's containers run the images `current` names (containers it does not name are not compared). */
function sameImages(pod: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): boolean {
  return Object.entries(pod).every(([name, image]) => current[name] === undefined || current[name] === image);
}

/** One line for a problem: the pod, the container and its image or the reason, what was said. */
export function describePodProblem(problem: PodProblem): string {
  const said = problem.message ? `: ${problem.message}` : '';
  if (problem.container === undefined) return `pod ${problem.pod} cannot be scheduled on any node (${problem.reason}${said})`;
  const meaning = WAITING_REASONS[problem.reason];
  return `pod ${problem.pod}, container ${problem.container}: image ${problem.image} ${meaning} (${problem.reason}${said})`;
}

/** The next command for a problem, shell-quoted with `bin`. */
export function nextCommand(bin: string, problem: PodProblem): string {
  return shellCommand(bin, problem.next);
}
