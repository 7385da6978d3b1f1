// deploy watches the pods of each rollout: a pod that waiting will not cure stops the deploy at
// once (after one wait slice, not the whole timeout), naming the pod, the container and image or
// the reason, and the command to run next; nothing after it is applied.
import { FAKE_KUBECTL, runDeploy, useDeployProject } from './helpers';

const project = useDeployProject();
const API = 'registry.example.com/promotions-api:1.2';
const LOGGER = 'registry.example.com/promotions-logger:1.2';
const PROMOTIONS = ['--stack', 'promotions', '--image', `api=${API}`, '--image', `logger=${LOGGER}`];

const PREFLIGHT = [['config', 'current-context'], ['get', '--raw', '/version', '--request-timeout=10s']];
const apply = (dir: string, files: readonly string[]) => ['apply', ...files.flatMap((f) => ['-f', `${dir}/${f}`])];
const wait = (ref: string, ns: string, timeout = '5s') => ['rollout', 'status', ref, '-n', ns, `--timeout=${timeout}`];
const pods = (ns: string, app: string) => ['get', 'pods', '-n', ns, '-l', `app=${app}`, '-o', 'json'];
const DIR = 'dist-promotions-custom-images';
const MONGODB = apply(DIR, ['mongodb.secret.yaml', 'mongodb.configmap.yaml', 'mongodb.volume.yaml', 'mongodb.deployment.yaml', 'mongodb.service.yaml']);
const LOGGER_FILES = apply(DIR, ['logger.deployment.yaml', 'logger.service.yaml', 'logger.pdb.yaml']);
const API_FILES = apply(DIR, ['promotions.configmap.yaml', 'promotions.deployment.yaml', 'promotions.service.yaml', 'promotions.ingress.yaml', 'promotions.pdb.yaml']);

/** The pod name the fake gives the first pod of a Deployment. */
const firstPod = (name: string) => `${name}-7c9d8f6b5-akx0z`;

test('ImagePullBackOff: deploy stops after one wait slice, naming the pod and the image, exit 1', async () => {
  const { root, log } = project;
  const r = await runDeploy(PROMOTIONS, { cwd: root, log, env: { FAKE_KUBECTL_PODS: 'deployment/promotions=ImagePullBackOff' } });
  expect(r.code).toBe(1);
  // One slice, one look at the pods, and nothing after: no entry points, no node lookup.
  expect(r.calls).toEqual([
    ...PREFLIGHT,
    MONGODB, wait('deployment/mongodb', 'default'),
    LOGGER_FILES, wait('deployment/logger', 'default'),
    API_FILES, wait('deployment/promotions', 'default'), pods('default', 'promotions'),
  ]);
  expect(r.stdout).toContain('waiting for deployment/promotions (default) … failed\n');
  const lines = r.stderr.split('\n');
  expect(lines).toContain(
    `deploy failed at component "promotions" (3/3): deployment/promotions (default) cannot become ready: ` +
    `pod ${firstPod('promotions')}, container promotions: image ${API} cannot be pulled (ImagePullBackOff: Back-off pulling image "${API}") (1 more pod alike)`,
  );
  expect(lines).toContain(`  next: ${FAKE_KUBECTL} -n default describe pod ${firstPod('promotions')}`);
  expect(lines).toContain('  components already deployed: mongodb, logger');
  expect(r.stdout).not.toContain('deployed 3 components');
});

test.each<[string, RegExp, string]>([
  ['ErrImagePull', new RegExp(`container logger: image ${LOGGER.replace(/\./g, '\\.')} cannot be pulled \\(ErrImagePull: failed to pull and unpack image`), `-n default describe pod ${firstPod('logger')}`],
  ['CrashLoopBackOff', /container logger: image registry\.example\.com\/promotions-logger:1\.2 keeps crashing \(CrashLoopBackOff: back-off 40s restarting failed container=logger pod=logger-7c9d8f6b5-akx0z; last ended: exit code 1\)/, `-n default logs ${firstPod('logger')} -c logger --previous`],
  ['CreateContainerConfigError', /container logger: image registry\.example\.com\/promotions-logger:1\.2 cannot be configured \(CreateContainerConfigError: couldn't find key MISSING_KEY in ConfigMap default\/missing-config\)/, `-n default describe pod ${firstPod('logger')}`],
  ['Unschedulable', /pod logger-7c9d8f6b5-akx0z cannot be scheduled on any node \(Unschedulable: 0\/3 nodes are available: .*didn't match pod anti-affinity rules/, `-n default describe pod ${firstPod('logger')}`],
])('%s of the logger stops the deploy at the logger, with the next command', async (state, reason, next) => {
  const { root, log } = project;
  const r = await runDeploy(PROMOTIONS, { cwd: root, log, env: { FAKE_KUBECTL_PODS: `deployment/logger=${state}` } });
  expect(r.code).toBe(1);
  expect(r.calls.slice(PREFLIGHT.length)).toEqual([MONGODB, wait('deployment/mongodb', 'default'), LOGGER_FILES, wait('deployment/logger', 'default'), pods('default', 'logger')]);
  expect(r.stderr).toMatch(/^deploy failed at component "logger" \(2\/3\): deployment\/logger \(default\) cannot become ready: /m);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr).toContain(`  next: ${FAKE_KUBECTL} ${next}`);
});

test('the next commands carry --context', async () => {
  const { root, log } = project;
  const r = await runDeploy([...PROMOTIONS, '--context', 'prod'], { cwd: root, log, env: { FAKE_KUBECTL_CONTEXTS: 'prod', FAKE_KUBECTL_PODS: 'deployment/mongodb=CrashLoopBackOff' } });
  expect(r.code).toBe(1);
  expect(r.calls.at(-1)).toEqual(['--context', 'prod', ...pods('default', 'mongodb')]);
  expect(r.stderr).toContain(`  next: ${FAKE_KUBECTL} --context prod -n default logs ${firstPod('mongodb')} -c mongodb --previous`);
});

test('pods that only wait (a claim still being provisioned, a slow start) are waited for, up to the whole timeout in slices', async () => {
  const { root, log } = project;
  const r = await runDeploy([...PROMOTIONS, '--timeout', '12s'], { cwd: root, log, env: { FAKE_KUBECTL_PODS: 'deployment/mongodb=UnboundClaims' } });
  expect(r.code).toBe(1);
  expect(r.calls.slice(PREFLIGHT.length)).toEqual([
    MONGODB,
    wait('deployment/mongodb', 'default'), pods('default', 'mongodb'),
    wait('deployment/mongodb', 'default'), pods('default', 'mongodb'),
    wait('deployment/mongodb', 'default', '2s'), pods('default', 'mongodb'),
  ]);
  expect(r.stderr).toContain('deploy failed at component "mongodb" (1/3): deployment/mongodb (default) did not become ready: error: timed out waiting for the condition (exit code 1)');
  expect(r.stderr).toContain(`  command: ${FAKE_KUBECTL} rollout status deployment/mongodb -n default --timeout=12s`);
  expect(r.stderr).toContain('  no component was deployed before the failure');
});

test('a rollout that fails for another reason (a progress deadline, an error) stops at once, without reading pods', async () => {
  const { root, log } = project;
  const r = await runDeploy(PROMOTIONS, { cwd: root, log, env: { FAKE_KUBECTL_FAIL_ON: 'status deployment/logger' } });
  expect(r.code).toBe(1);
  expect(r.calls.slice(PREFLIGHT.length)).toEqual([MONGODB, wait('deployment/mongodb', 'default'), LOGGER_FILES, wait('deployment/logger', 'default')]);
  expect(r.stderr).toContain('deploy failed at component "logger" (2/3): deployment/logger (default) did not become ready: error: fake kubectl failure');
});
