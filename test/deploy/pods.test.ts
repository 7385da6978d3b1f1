// Reading a rollout's pods: which states stop a deploy, and which are waited for.
import { durationSeconds } from '../../src/deploy/plan';
import { describePodProblem, nextCommand, podListArgs, podProblems, podSelectorOf, templateImagesOf } from '../../src/deploy/pods';

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

test('the scheduler\'s verdict is read from the PodScheduled condition, wherever the kubelet lists it', () => {
  const conditions = [
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: 'False', reason: 'Unschedulable' },
    { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 node(s) had untolerated taint.' },
  ];
  expect(podProblems(list(pod('a', 'x', { conditions })), undefined).map(describePodProblem)).toEqual(['pod a cannot be scheduled on any node (Unschedulable: 0/3 nodes are available: 3 node(s) had untolerated taint.)']);
  // Another condition saying Unschedulable while the pod is scheduled is no verdict of the scheduler's.
  expect(podProblems(list(pod('b', 'x', { conditions: [conditions[1], { type: 'PodScheduled', status: 'True' }] })), undefined)).toEqual([]);
});

test('output that is not a pod list is no evidence of a problem', () => {
  expect(podProblems('error: not json', undefined)).toEqual([]);
  expect(podProblems('{"items": "x"}', undefined)).toEqual([]);
});

test('selectors in kubectl -l syntax; none without labels', () => {
  expect(podSelectorOf({ spec: { selector: { matchLabels: { app: 'web', tier: 'front' }, matchExpressions: [
    { key: 'env', operator: 'In', values: ['a', 'b'] },
    { key: 'x', operator: 'NotIn', values: ['c', 'd'] },
    { key: 'y', operator: 'Exists' },
    { key: 'z', operator: 'DoesNotExist' },
  ] } } })).toBe('app=web,tier=front,env in (a,b),x notin (c,d),y,!z');
  expect(podSelectorOf({ spec: { selector: {} } })).toBeUndefined();
  expect(podSelectorOf({ spec: {} })).toBeUndefined();
});

test.each<[string, number]>([['180s', 180], ['5m', 300], ['1m30s', 90], ['1.5h', 5400], ['1.25s', 1.25], ['500ms', 0.5], ['0s', 0], ['soon', NaN], ['5m x', NaN]])('duration %s is %d seconds', (d, s) => {
  expect(durationSeconds(d)).toBe(s);
});

test('a pod list is read by -l selector, in the workload\'s namespace when it names one', () => {
  expect(podListArgs(undefined, undefined, 'app=web')).toEqual(['get', 'pods', '-l', 'app=web', '-o', 'json']);
  expect(podListArgs('prod', 'shop', 'app=web')).toEqual(['--context', 'prod', 'get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'json']);
});

test('selector terms that name nothing (not a string, no key, an operator kubectl has no syntax for) are left out', () => {
  expect(podSelectorOf({ spec: { selector: { matchLabels: { app: 'web', replicas: 2 }, matchExpressions: ['x', { operator: 'Exists' }, { key: 'tier', operator: 'Gt', values: ['1'] }, { key: 'zone', operator: 'In', values: ['a', 3, 'b'] }] } } })).toBe('app=web,zone in (a,b)');
  expect(podSelectorOf({ spec: { selector: { matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] } } })).toBeUndefined();
  expect(podSelectorOf({ spec: { selector: 'app=web' } })).toBeUndefined();
});

test('the images of a pod template: init containers and containers, those without a name or an image left out', () => {
  expect(templateImagesOf({ spec: { template: { spec: { initContainers: [{ name: 'migrate', image: 'r/m:1' }], containers: [{ name: 'web', image: 'r/w:1' }, { name: 'noimage' }, { image: 'r/anon:1' }, 'x'] } } } })).toEqual({ migrate: 'r/m:1', web: 'r/w:1' });
  expect(templateImagesOf({ spec: {} })).toEqual({});
});

test('only the images the template names are compared; without any, every pod counts', () => {
  const sidecarPod = { metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'web', image: 'r/web:2' }, { name: 'proxy', image: 'r/proxy:9' }] }, status: { containerStatuses: [waiting('web', 'r/web:2', 'ErrImagePull')] } };
  expect(podProblems(list(sidecarPod), undefined, { web: 'r/web:2', other: 'r/o:1' })).toHaveLength(1);
  expect(podProblems(list(sidecarPod), undefined, { web: 'r/web:1' })).toEqual([]);
  expect(podProblems(list(sidecarPod), undefined, {})).toHaveLength(1);
});

test('what a pod does not say is left out, not invented: no namespace is default, no message none, a crash without a last state only its reason', () => {
  const bare = { status: {
    containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff', message: '' } } }, { name: 'b', image: 'r/b:1', state: { waiting: { reason: 'CrashLoopBackOff', message: '' } }, lastState: { terminated: { reason: 'OOMKilled' } } }, { name: 'c', image: 'r/c:1', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: {} } }],
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }, { type: 'Ready', status: 'False', reason: 'Unschedulable', message: 'x' }],
  } };
  const problems = podProblems(list(bare), undefined);
  expect(problems).toEqual([
    { pod: '', namespace: 'default', container: '', image: '', reason: 'CrashLoopBackOff', next: ['-n', 'default', 'logs', '', '-c', '', '--previous'] },
    { pod: '', namespace: 'default', container: 'b', image: 'r/b:1', reason: 'CrashLoopBackOff', message: 'last ended: OOMKilled', next: ['-n', 'default', 'logs', '', '-c', 'b', '--previous'] },
    { pod: '', namespace: 'default', container: 'c', image: 'r/c:1', reason: 'CrashLoopBackOff', next: ['-n', 'default', 'logs', '', '-c', 'c', '--previous'] },
    { pod: '', namespace: 'default', reason: 'Unschedulable', next: ['-n', 'default', 'describe', 'pod', ''] },
  ]);
  expect(problems.map(describePodProblem)).toEqual([
    'pod , container : image  keeps crashing (CrashLoopBackOff)',
    'pod , container b: image r/b:1 keeps crashing (CrashLoopBackOff: last ended: OOMKilled)',
    'pod , container c: image r/c:1 keeps crashing (CrashLoopBackOff)',
    'pod  cannot be scheduled on any node (Unschedulable)',
  ]);
  expect(nextCommand('/usr/bin/kubectl', problems[3])).toBe("/usr/bin/kubectl -n default describe pod ''");
});

test.each<[string, string]>([
  ['ErrImageNeverPull', 'is not on the node and imagePullPolicy is Never'],
  ['InvalidImageName', 'is not a valid image reference'],
  ['ErrImagePull', 'cannot be pulled'],
])('%s: the image %s', (reason, meaning) => {
  const [problem] = podProblems(list(pod('a', 'x', { containers: [waiting('web', 'bad//image', reason)] })), undefined);
  expect(describePodProblem(problem)).toBe(`pod a, container web: image bad//image ${meaning} (${reason})`);
});
