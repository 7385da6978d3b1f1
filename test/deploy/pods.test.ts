// Reading a rollout's pods: which states stop a deploy, and which are waited for.
import { durationSeconds } from '../../src/deploy/plan';
import { describePodProblem, podProblems, podSelectorOf } from '../../src/deploy/pods';

type Status = Record<string, unknown>;
const pod = (name: string, image: string, status: { containers?: Status[]; init?: Status[]; conditions?: Status[] }, deleting = false) => ({
  metadata: { name, namespace: 'shop', ...(deleting ? { deletionTimestamp: '2026-12-06T10:00:00Z' } : {}) },
  spec: { containers: [{ name: 'web', image }] },
  status: {
    ...(status.containers ? { containerStatuses: status.containers } : {}),
    ...(status.init ? { initContainerStatuses: status.init } : {}),
    conditions: status.conditions ?? [{ type: 'PodScheduled', status: 'True' }],
  },
});
const waiting = (name: string, image: string, reason: string, message?: string, extra: Status = {}) => ({ name, image, state: { waiting: { reason, ...(message ? { message } : {}) } }, ...extra });
const list = (...items: unknown[]) => JSON.stringify({ kind: 'List', items });

test('a pod of the applied template that cannot pull its image is reported; one of the revision being replaced is not', () => {
  const problems = podProblems(list(
    pod('web-old-1', 'r.io/web:broken', { containers: [waiting('web', 'r.io/web:broken', 'ImagePullBackOff')] }),
    pod('web-new-1', 'r.io/web:2', { containers: [waiting('web', 'r.io/web:2', 'ErrImagePull', 'not found')] }),
  ), undefined, { web: 'r.io/web:2' });
  expect(problems).toEqual([{ pod: 'web-new-1', namespace: 'shop', container: 'web', image: 'r.io/web:2', reason: 'ErrImagePull', message: 'not found', next: ['-n', 'shop', 'describe', 'pod', 'web-new-1'] }]);
});

test('pods being deleted, starting, or waiting for a claim to bind are waited for', () => {
  expect(podProblems(list(
    pod('a', 'x', { containers: [waiting('web', 'x', 'CrashLoopBackOff')] }, true),
    pod('b', 'x', { containers: [waiting('web', 'x', 'ContainerCreating')] }),
    pod('c', 'x', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.' }] }),
    pod('d', 'x', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
  ), undefined)).toEqual([]);
});

test('a crash names the last exit; an init container counts; an unschedulable pod names the scheduler\'s reason; --context goes first', () => {
  const problems = podProblems(list(
    pod('a', 'x', { containers: [waiting('web', 'x', 'CrashLoopBackOff', 'back-off 5m0s', { lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } })] }),
    pod('b', 'x', { init: [waiting('migrate', 'r.io/migrate:1', 'CreateContainerConfigError', 'secret "db" not found')], containers: [waiting('web', 'x', 'PodInitializing')] }),
    pod('c', 'x', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient memory.' }] }),
  ), 'prod');
  expect(problems.map(describePodProblem)).toEqual([
    'pod a, container web: image x keeps crashing (CrashLoopBackOff: back-off 5m0s; last ended: OOMKilled, exit code 137)',
    'pod b, container migrate: image r.io/migrate:1 cannot be configured (CreateContainerConfigError: secret "db" not found)',
    'pod c cannot be scheduled on any node (Unschedulable: 0/2 nodes are available: 2 Insufficient memory.)',
  ]);
  expect(problems.map((p) => p.next)).toEqual([
    ['--context', 'prod', '-n', 'shop', 'logs', 'a', '-c', 'web', '--previous'],
    ['--context', 'prod', '-n', 'shop', 'describe', 'pod', 'b'],
    ['--context', 'prod', '-n', 'shop', 'describe', 'pod', 'c'],
  ]);
});

test('output that is not a pod list is no evidence of a problem', () => {
  expect(podProblems('error: not json', undefined)).toEqual([]);
  expect(podProblems('{"items": "x"}', undefined)).toEqual([]);
});

test('selectors in kubectl -l syntax; none without labels', () => {
  expect(podSelectorOf({ spec: { selector: { matchLabels: { app: 'web', tier: 'front' }, matchExpressions: [
    { key: 'env', operator: 'In', values: ['a', 'b'] },
    { key: 'x', operator: 'NotIn', values: ['c'] },
    { key: 'y', operator: 'Exists' },
    { key: 'z', operator: 'DoesNotExist' },
  ] } } })).toBe('app=web,tier=front,env in (a,b),x notin (c),y,!z');
  expect(podSelectorOf({ spec: { selector: {} } })).toBeUndefined();
  expect(podSelectorOf({ spec: {} })).toBeUndefined();
});

test.each<[string, number]>([['180s', 180], ['5m', 300], ['1m30s', 90], ['1.5h', 5400], ['500ms', 0.5], ['0s', 0], ['soon', NaN], ['5m x', NaN]])('duration %s is %d seconds', (d, s) => {
  expect(durationSeconds(d)).toBe(s);
});
