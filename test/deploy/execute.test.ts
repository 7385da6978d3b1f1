// executeDeploy, in-process against a scripted kubectl and a clock that ticks 1.5 s per reading:
// every line it prints, every call it makes and the order of both, on success and on each kind of
// failure; and the commands --dry-run prints (planCommands).
import { EntryPoint } from '../../src/deploy/entry-points';
import { withContext } from '../../src/deploy/kubectl';
import { nodeAddressArgs } from '../../src/deploy/nodes';
import { DeployPlan, PlannedComponent, RolloutStep, workloadId } from '../../src/deploy/plan';
import { podListArgs } from '../../src/deploy/pods';
import { executeDeploy, planCommands, summarizeApply } from '../../src/deploy/run';
import { FolderWorkload } from '../../src/manifests';
import { Answer, failure, scriptedKubectl } from './scripted-kubectl';

const workload = (kind: string, name: string, namespace?: string): FolderWorkload => ({
  kind, name, namespace, effectiveNamespace: namespace ?? 'default', file: `${name}.${kind.toLowerCase()}.yaml`, rollout: true,
});

/** A rollout step as buildDeployPlan makes one; `pods` when its selector is `app=NAME`. */
function rollout(w: FolderWorkload, timeout: string, context?: string, options: { pods?: boolean; images?: Record<string, string> } = {}): RolloutStep {
  const status = (wait: string) => withContext(context, ['rollout', 'status', workloadId(w), ...(w.namespace ? ['-n', w.namespace] : []), `--timeout=${wait}`]);
  return { workload: w, args: status(timeout), waitFor: status, images: options.images ?? {}, ...(options.pods ? { pods: podListArgs(context, w.namespace, `app=${w.name}`) } : {}) };
}

function component(index: number, name: string, files: string[], rollouts: RolloutStep[], context?: string): PlannedComponent {
  return { index, name, files, apply: withContext(context, ['apply', ...files.flatMap((f) => ['-f', `out/${f}`])]), rollouts };
}

function plan(components: PlannedComponent[], timeout: string, context?: string): DeployPlan {
  return { dir: 'out', ...(context ? { context } : {}), timeout, components, missing: [], extra: [], problems: [], objects: [] };
}

/** Runs the plan; the clock advances 1.5 s at each reading. */
function execute(p: DeployPlan, answers: Record<string, Answer | Answer[]>, entryPoints: EntryPoint[] = [], watchInterval?: number) {
  const k = scriptedKubectl(answers);
  let stdout = '';
  let stderr = '';
  let clock = 0;
  const code = executeDeploy(p, {
    run: k.run,
    bin: 'kubectl',
    io: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    now: () => (clock += 1500),
    rerun: 'npm run deploy -- --dir out',
    entryPoints,
    ...(watchInterval !== undefined ? { watchInterval } : {}),
  });
  return { code, stdout, stderr, calls: k.calls.map((c) => c.args.join(' ')) };
}

const TIMED_OUT = failure('error: timed out waiting for the condition');
const IDEMPOTENT = '  kubectl apply is idempotent: fix the cause and re-run `npm run deploy -- --dir out` to resume; re-applying the components that already went through is harmless.';

describe('a deploy that goes through', () => {
  const DB = workload('StatefulSet', 'db', 'shop');
  const WEB = workload('Deployment', 'web');
  const PLAN = plan([
    component(1, 'db', ['db.statefulset.yaml', 'db.service.yaml'], [rollout(DB, '10s', 'prod')], 'prod'),
    component(2, 'web', ['web.deployment.yaml'], [rollout(WEB, '10s', 'prod')], 'prod'),
  ], '10s', 'prod');
  const CALLS = {
    '--context prod apply -f out/db.statefulset.yaml -f out/db.service.yaml': { stdout: 'statefulset.apps/db created\n  service/db unchanged\nWarning: x/y createdsoon\n' },
    '--context prod rollout status statefulset/db -n shop --timeout=5s': {},
    '--context prod apply -f out/web.deployment.yaml': { stdout: 'deployment.apps/web serverside-applied\n' },
    '--context prod rollout status deployment/web --timeout=5s': {},
  };
  const EXTERNAL = withContext('prod', nodeAddressArgs('ExternalIP')).join(' ');
  const INTERNAL = withContext('prod', nodeAddressArgs('InternalIP')).join(' ');
  const WAYS_IN: EntryPoint[] = [
    { component: 'web', label: 'http', url: 'http://<node>:30080', viaNode: true },
    { component: 'web', label: 'shop.example', url: 'http://shop.example:30081', host: 'shop.example', viaNode: true },
    { component: 'api', label: 'api.example', url: 'http://api.example/v1', host: 'api.example', viaNode: false },
    { component: 'api', label: 'api2.example', url: 'http://api2.example', host: 'api2.example', viaNode: false },
  ];
  const DEPLOYED = [
    'deploying 2 components from out (context prod), rollout timeout 10s',
    '[1/2] db: applied 2 files (1 created, 1 unchanged)',
    '      waiting for statefulset/db (shop) … ready in 1.5s',
    '[2/2] web: applied 1 file (1 serverside-applied)',
    '      waiting for deployment/web (context namespace) … ready in 1.5s',
    'deployed 2 components in 7.5s',
  ];

  test('component by component, each rollout awaited; then every way in, with the first node address, and the /etc/hosts line', () => {
    const r = execute(PLAN, { ...CALLS, [EXTERNAL]: { stdout: 'fd00::1 fd00::2' } }, WAYS_IN);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.calls).toEqual([...Object.keys(CALLS), EXTERNAL]);
    expect(r.stdout).toBe([
      ...DEPLOYED,
      '',
      '  web http          http://[fd00::1]:30080',
      '  web shop.example  http://shop.example:30081',
      '  api api.example   http://api.example/v1',
      '  api api2.example  http://api2.example',
      '',
      'node ExternalIP addresses: fd00::1 fd00::2',
      'add this line to /etc/hosts (any node works: node ports listen on every node):',
      'fd00::1 shop.example',
      "  e.g. echo 'fd00::1 shop.example' | sudo tee -a /etc/hosts",
      "point api.example, api2.example at your cluster's ingress controller (DNS or /etc/hosts).",
      '',
    ].join('\n'));
  });

  test('InternalIP addresses when no node has an ExternalIP, and it says they are reachable only from the nodes\' network', () => {
    const r = execute(PLAN, { ...CALLS, [EXTERNAL]: {}, [INTERNAL]: { stdout: '10.0.0.5' } }, WAYS_IN.slice(0, 2));
    expect(r.stdout.split('\n').slice(DEPLOYED.length)).toEqual([
      '',
      '  web http          http://10.0.0.5:30080',
      '  web shop.example  http://shop.example:30081',
      '',
      'node InternalIP addresses: 10.0.0.5',
      "  (no node has an ExternalIP: using InternalIP, reachable only from the nodes' network)",
      'add this line to /etc/hosts (any node works: node ports listen on every node):',
      '10.0.0.5 shop.example',
      "  e.g. echo '10.0.0.5 shop.example' | sudo tee -a /etc/hosts",
      '',
    ]);
  });

  test('node addresses that cannot be read, or that no node has: a warning, the placeholders stay, the deploy succeeded', () => {
    const failed = execute(PLAN, { ...CALLS, [EXTERNAL]: failure('forbidden') }, WAYS_IN.slice(0, 2));
    expect(failed.code).toBe(0);
    expect(failed.stderr).toBe('warning: could not read node addresses: forbidden (exit code 1)\n');
    expect(failed.stdout).toContain('  web http          http://<node>:30080\n');
    expect(failed.stdout.split('\n')).toContain('<node-ip> shop.example');
    const none = execute(PLAN, { ...CALLS, [EXTERNAL]: {}, [INTERNAL]: {} }, WAYS_IN.slice(0, 1));
    expect(none.stderr).toBe('warning: no node reports an ExternalIP or InternalIP address\n');
    expect(none.stdout.split('\n').slice(DEPLOYED.length)).toEqual(['', '  web http  http://<node>:30080', '', '']);
  });

  test('ways in through no node: no address lookup; nothing exposed: kubectl port-forward', () => {
    const external = execute(PLAN, CALLS, WAYS_IN.slice(2, 3));
    expect(external.calls).toEqual(Object.keys(CALLS));
    expect(external.stdout.split('\n').slice(DEPLOYED.length)).toEqual(['', '  api api.example  http://api.example/v1', '', "point api.example at your cluster's ingress controller (DNS or /etc/hosts).", '']);
    const hidden = execute(PLAN, CALLS, []);
    expect(hidden.stdout).toBe([...DEPLOYED, 'nothing is exposed outside the cluster (no node port, no Ingress): reach it with kubectl port-forward.', ''].join('\n'));
  });
});

describe('waiting for a rollout', () => {
  const WEB = workload('Deployment', 'web', 'shop');
  const WAIT = (t: string) => `rollout status deployment/web -n shop --timeout=${t}`;
  const PODS = 'get pods -n shop -l app=web -o json';
  const APPLY = 'apply -f out/web.deployment.yaml';
  const podList = (...items: object[]) => ({ stdout: JSON.stringify({ items }) });
  const starting = { metadata: { name: 'web-1', namespace: 'shop' }, spec: { containers: [{ name: 'web', image: 'r/web:2' }] }, status: { containerStatuses: [{ name: 'web', image: 'r/web:2', state: { waiting: { reason: 'ContainerCreating' } } }] } };

  // kubectl may print part of a list before it fails: a failed listing is no evidence.
  const crashing = { ...starting, status: { containerStatuses: [{ name: 'web', image: 'r/web:2', state: { waiting: { reason: 'CrashLoopBackOff' } } }] } };

  test('in slices of the watch interval that add up to the timeout (kubectl durations, to the millisecond), reading the pods after each', () => {
    const p = plan([component(1, 'web', ['web.deployment.yaml'], [rollout(WEB, '1s', undefined, { pods: true })])], '1s');
    const r = execute(p, { [APPLY]: {}, [WAIT('0.4s')]: TIMED_OUT, [WAIT('0.2s')]: TIMED_OUT, [PODS]: [podList(starting), { ...failure('etcd busy'), ...podList(crashing) }] }, [], 0.4);
    expect(r.code).toBe(1);
    expect(r.calls).toEqual([APPLY, WAIT('0.4s'), PODS, WAIT('0.4s'), PODS, WAIT('0.2s'), PODS]);
    // Waiting cured nothing: the failure names the whole wait, as a person would re-run it.
    expect(r.stderr).toBe([
      'deploy failed at component "web" (1/1): deployment/web (shop) did not become ready: error: timed out waiting for the condition (exit code 1)',
      `  command: kubectl ${WAIT('1s')}`,
      '  inspect with: kubectl describe deployment/web -n shop; kubectl get pods -n shop; kubectl get events -n shop --sort-by=.lastTimestamp',
      '  no component was deployed before the failure',
      IDEMPOTENT,
      '',
    ].join('\n'));
    expect(r.stdout).toBe('deploying 1 components from out, rollout timeout 1s\n[1/1] web: applied 1 file\n      waiting for deployment/web (shop) … failed\n');
  });

  test('a zero timeout waits as long as it takes, as kubectl\'s does', () => {
    const p = plan([component(1, 'web', ['web.deployment.yaml'], [rollout(WEB, '0s')])], '0s');
    const r = execute(p, { [APPLY]: {}, [WAIT('5s')]: [TIMED_OUT, TIMED_OUT, TIMED_OUT, {}] });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([APPLY, WAIT('5s'), WAIT('5s'), WAIT('5s'), WAIT('5s')]);
    expect(r.stdout).toContain('      waiting for deployment/web (shop) … ready in 1.5s\n');
  });

  test('a rollout that fails for another reason stops at once, naming the slice that failed; inspect hints without -n for the context\'s namespace', () => {
    const bare = workload('Deployment', 'web');
    const p = plan([component(1, 'web', ['web.deployment.yaml'], [rollout(bare, '1m', undefined, { pods: true })])], '1m');
    const r = execute(p, { [APPLY]: {}, 'rollout status deployment/web --timeout=5s': failure('error: deployment "web" exceeded its progress deadline') });
    expect(r.calls).toEqual([APPLY, 'rollout status deployment/web --timeout=5s']);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      'deploy failed at component "web" (1/1): deployment/web (context namespace) did not become ready: error: deployment "web" exceeded its progress deadline (exit code 1)',
      '  command: kubectl rollout status deployment/web --timeout=5s',
      '  inspect with: kubectl describe deployment/web; kubectl get pods; kubectl get events --sort-by=.lastTimestamp',
    ]);
  });

  test('an apply that fails stops before its rollouts and before the next component, naming what went through', () => {
    const DB = workload('Deployment', 'db', 'shop');
    const p = plan([
      component(1, 'db', ['db.deployment.yaml'], [rollout(DB, '1m')]),
      component(2, 'web', ['web.deployment.yaml'], [rollout(WEB, '1m')]),
      component(3, 'late', ['late.configmap.yaml'], []),
    ], '1m');
    const r = execute(p, { 'apply -f out/db.deployment.yaml': {}, 'rollout status deployment/db -n shop --timeout=5s': {}, [APPLY]: failure('error: namespaces "shop" not found') });
    expect(r.code).toBe(1);
    expect(r.calls).toEqual(['apply -f out/db.deployment.yaml', 'rollout status deployment/db -n shop --timeout=5s', APPLY]);
    expect(r.stdout.split('\n').slice(-2)).toEqual(['[2/3] web: apply failed', '']);
    expect(r.stderr).toBe([
      'deploy failed at component "web" (2/3): error: namespaces "shop" not found (exit code 1)',
      `  command: kubectl ${APPLY}`,
      '  components already deployed: db',
      IDEMPOTENT,
      '',
    ].join('\n'));
  });

  describe('pods that waiting will not cure', () => {
    const pod = (name: string, image: string, status: object) => ({ metadata: { name, namespace: 'shop' }, spec: { containers: [{ name: 'web', image }] }, status });
    const waiting = (name: string, image: string, reason: string, extra: object = {}) => ({ name, image, state: { waiting: { reason } }, ...extra });
    const PODS_NOW = [
      // A pod of the revision being replaced: its failure is not this rollout's.
      pod('web-0', 'r/web:1', { containerStatuses: [waiting('web', 'r/web:1', 'ImagePullBackOff')] }),
      pod('web-1', 'r/web:2', { initContainerStatuses: [waiting('migrate', 'r/migrate:1', 'CreateContainerConfigError')], containerStatuses: [waiting('web', 'r/web:2', 'ImagePullBackOff')] }),
      pod('web-2', 'r/web:2', { containerStatuses: [waiting('web', 'r/web:2', 'ImagePullBackOff')] }),
      pod('web-3', 'r/web:2', { containerStatuses: [waiting('web', 'r/web:2', 'ImagePullBackOff')] }),
      pod('web-4', 'r/web:2', { containerStatuses: [waiting('side', 'r/side:1', 'CrashLoopBackOff', { lastState: { terminated: { reason: 'Error', exitCode: 2 } } })] }),
      pod('web-5', 'r/web:2', { containerStatuses: [waiting('side', 'r/side:1', 'CrashLoopBackOff')] }),
      pod('web-6', 'r/web:2', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'no nodes' }] }),
    ];
    const SHOWN = 'pod web-1, container migrate: image r/migrate:1 cannot be configured (CreateContainerConfigError); ' +
      'pod web-1, container web: image r/web:2 cannot be pulled (ImagePullBackOff) (2 more pods alike); ' +
      'pod web-4, container side: image r/side:1 keeps crashing (CrashLoopBackOff: last ended: exit code 2) (1 more pod alike)';

    test.each<[string, object[], string]>([
      ['four kinds: three shown, one counted', PODS_NOW, ' (and 1 more problem)'],
      ['five kinds: three shown, two counted', [...PODS_NOW, pod('web-7', 'r/web:2', { containerStatuses: [waiting('web', 'r/web:2', 'ErrImagePull')] })], ' (and 2 more problems)'],
      ['three kinds: all shown', PODS_NOW.slice(0, 6), ''],
    ])('%s: one line per container, image and reason, naming its first pod; each next command once', (_, pods, more) => {
      const DB = workload('Deployment', 'db', 'shop');
      const p = plan([
        component(1, 'db', ['db.deployment.yaml'], [rollout(DB, '1m')]),
        component(2, 'web', ['web.deployment.yaml'], [rollout(WEB, '1m', undefined, { pods: true, images: { web: 'r/web:2', migrate: 'r/migrate:1' } })]),
      ], '1m');
      const r = execute(p, { 'apply -f out/db.deployment.yaml': {}, 'rollout status deployment/db -n shop --timeout=5s': {}, [APPLY]: {}, [WAIT('5s')]: TIMED_OUT, [PODS]: podList(...pods) });
      expect(r.code).toBe(1);
      expect(r.calls.slice(-2)).toEqual([WAIT('5s'), PODS]);
      expect(r.stderr).toBe([
        `deploy failed at component "web" (2/2): deployment/web (shop) cannot become ready: ${SHOWN}${more}`,
        `  command: kubectl ${PODS}`,
        '  next: kubectl -n shop describe pod web-1; kubectl -n shop logs web-4 -c side --previous',
        '  components already deployed: db',
        IDEMPOTENT,
        '',
      ].join('\n'));
      expect(r.stdout.endsWith('      waiting for deployment/web (shop) … failed\n')).toBe(true);
    });
  });

  describe('a failing rollout\'s pods, grouped', () => {
    const pod = (name: string, containers: { name: string; image: string }[]) => ({
      metadata: { name, namespace: 'shop' },
      spec: { containers: containers.map((c) => ({ name: c.name, image: c.image })) },
      status: { containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, state: { waiting: { reason: 'ImagePullBackOff' } } })) },
    });
    const failWith = (pods: object[], done: string[]) => {
      const before = done.map((name, i) => component(i + 1, name, [`${name}.configmap.yaml`], []));
      const p = plan([...before, component(done.length + 1, 'web', ['web.deployment.yaml'], [rollout(WEB, '1m', undefined, { pods: true })])], '1m');
      const answers = Object.fromEntries([...done.map((name) => [`apply -f out/${name}.configmap.yaml`, {}]), [APPLY, {}], [WAIT('5s'), TIMED_OUT], [PODS, podList(...pods)]]);
      return execute(p, answers).stderr.split('\n');
    };

    test('two containers of one image failing alike are two lines; one container failing alike in two images (no image known to compare with) is two lines', () => {
      const containers = failWith([pod('web-1', [{ name: 'web', image: 'r/app:2' }, { name: 'jobs', image: 'r/app:2' }])], []);
      expect(containers[0]).toBe('deploy failed at component "web" (1/1): deployment/web (shop) cannot become ready: pod web-1, container web: image r/app:2 cannot be pulled (ImagePullBackOff); pod web-1, container jobs: image r/app:2 cannot be pulled (ImagePullBackOff)');
      const images = failWith([pod('web-1', [{ name: 'web', image: 'r/app:1' }]), pod('web-2', [{ name: 'web', image: 'r/app:2' }]), pod('web-3', [{ name: 'web', image: 'r/app:2' }])], []);
      expect(images[0]).toBe('deploy failed at component "web" (1/1): deployment/web (shop) cannot become ready: pod web-1, container web: image r/app:1 cannot be pulled (ImagePullBackOff); pod web-2, container web: image r/app:2 cannot be pulled (ImagePullBackOff) (1 more pod alike)');
    });

    test('every component deployed before the failure is named', () => {
      expect(failWith([pod('web-1', [{ name: 'web', image: 'r/app:2' }])], ['db', 'cache'])).toContain('  components already deployed: db, cache');
    });
  });
});

describe('--dry-run: the commands', () => {
  const WEB = workload('Deployment', 'web', 'shop');
  const VIA_NODE: EntryPoint = { component: 'web', label: 'http', url: 'http://<node>:30080', viaNode: true };
  const OUTSIDE: EntryPoint = { component: 'web', label: 'web.example', url: 'http://web.example', host: 'web.example', viaNode: false };

  test('each component\'s apply and whole-timeout waits, the pod watch said once, the node lookup with its fallback', () => {
    const p = plan([
      component(1, 'web', ['web.deployment.yaml', 'web.service.yaml'], [rollout(WEB, '3m', 'a b', { pods: true })], 'a b'),
      component(2, 'docs', ['docs.configmap.yaml'], [], 'a b'),
    ], '3m', 'a b');
    expect(planCommands(p, 'k', [OUTSIDE, VIA_NODE])).toEqual([
      '# while it waits for a rollout, deploy reads the workload\'s pods every 5s (k get pods -l SELECTOR -o json) and stops at one that cannot start',
      '# [1/2] web',
      "k --context 'a b' apply -f out/web.deployment.yaml -f out/web.service.yaml",
      "k --context 'a b' rollout status deployment/web -n shop --timeout=3m",
      '# [2/2] docs',
      "k --context 'a b' apply -f out/docs.configmap.yaml",
      `k --context 'a b' get nodes -o 'jsonpath={.items[*].status.addresses[?(@.type=="ExternalIP")].address}'`,
      `# only when no node has an ExternalIP: k --context 'a b' get nodes -o 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}'`,
    ]);
  });

  test('the pod watch is said when any rollout of any component has a selector, not only when all have', () => {
    const JOBS = workload('Deployment', 'jobs', 'shop');
    const p = plan([component(1, 'web', ['web.deployment.yaml'], [rollout(JOBS, '3m'), rollout(WEB, '3m', undefined, { pods: true })])], '3m');
    expect(planCommands(p, 'kubectl', [])[0]).toMatch(/^# while it waits for a rollout, deploy reads the workload's pods/);
  });

  test('no pod watch without a selector to read pods by; no node lookup when no way in goes through a node', () => {
    const p = plan([component(1, 'web', ['web.deployment.yaml'], [rollout(WEB, '3m')])], '3m');
    expect(planCommands(p, 'kubectl', [OUTSIDE])).toEqual(['# [1/1] web', 'kubectl apply -f out/web.deployment.yaml', 'kubectl rollout status deployment/web -n shop --timeout=3m']);
  });
});

test('kubectl apply output summarized: one count per status, in order of appearance; other lines ignored', () => {
  expect(summarizeApply(3, 'namespace/shop created\n  configmap/a configured \nconfigmap/b created\nWarning: resource x/y createdish\nerror: nope\n')).toBe('3 files (2 created, 1 configured)');
  expect(summarizeApply(2, 'customresourcedefinition.apiextensions.k8s.io/x serverside-applied\nsecret/s unchanged\n')).toBe('2 files (1 serverside-applied, 1 unchanged)');
  expect(summarizeApply(0, 'nothing')).toBe('0 files');
  // Only a line that starts with the object counts, not one that mentions an object later on.
  expect(summarizeApply(1, 'Warning: resource deployments/web configured with a deprecated field\ndeployment.apps/web configured\n')).toBe('1 file (1 configured)');
});
