import * as fs from 'fs';
import * as path from 'path';
import { STACKS } from '../../src/charts/stacks';
import { synthesize } from '../../src/synth';
import { FAKE_KUBECTL, FAKE_KUBECTL_DIR, readCalls, runDeploy, synthFolder, useDeployProject, writeFiles } from './helpers';

const project = useDeployProject();
let root: string;
let log: string;
beforeEach(() => ({ root, log } = project));

/** stderr without the notice about node-local data (the spec's unpinned hostPath volume). */
const withoutDataNotice = (stderr: string) => stderr.split('\n').filter((l) => !l.startsWith('notice: PersistentVolume ')).join('\n');

const PREFLIGHT = [['config', 'current-context'], ['get', '--raw', '/version', '--request-timeout=10s']];
const rollout = (ref: string, ns: string, timeout = '180s') => ['rollout', 'status', ref, '-n', ns, `--timeout=${timeout}`];
const apply = (dir: string, files: readonly string[]) => ['apply', ...files.flatMap((f) => ['-f', `${dir}/${f}`])];
const GET_EXTERNAL = ['get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="ExternalIP")].address}'];
const GET_INTERNAL = ['get', 'nodes', '-o', 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}'];

/**
 * The spec's deployment process, one component at a time, with a rollout wait after each: a real
 * run waits in slices of 5s (the pods are read between slices; a rollout that is ready at once
 * needs one), a dry run prints the whole timeout.
 */
function expectedCalls(dir = 'dist', timeout = '5s'): string[][] {
  return [
    apply(dir, ['cadvisor.daemonset.yaml']),
    rollout('daemonset/cadvisor', 'kube-system', timeout),
    apply(dir, ['postgres.secret.yaml', 'postgres.configmap.yaml', 'postgres.volume.yaml', 'postgres.deployment.yaml', 'postgres.service.yaml']),
    rollout('deployment/postgres', 'default', timeout),
    apply(dir, ['redis.configmap.yaml', 'redis.deployment.yaml', 'redis.service.yaml']),
    rollout('deployment/redis', 'default', timeout),
    apply(dir, ['poll.deployment.yaml', 'poll.service.yaml', 'poll.ingress.yaml']),
    rollout('deployment/poll', 'default', timeout),
    apply(dir, ['worker.deployment.yaml']),
    rollout('deployment/worker', 'default', timeout),
    apply(dir, ['result.deployment.yaml', 'result.service.yaml', 'result.ingress.yaml']),
    rollout('deployment/result', 'default', timeout),
    apply(dir, ['traefik.rbac.yaml', 'traefik.deployment.yaml', 'traefik.service.yaml']),
    rollout('deployment/traefik', 'kube-public', timeout),
  ];
}

describe('npm run deploy (fake kubectl), Bernstein', () => {
  test('checks the context, applies in the spec order, waits for every workload, prints the way in', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_EXTERNAL_IPS: '203.0.113.10 203.0.113.11' } });
    // The spec's data is node-local: deploy says so, and how to pin it.
    expect(r.stderr).toMatch(/^notice: PersistentVolume postgres-pv \(postgres.volume.yaml\) keeps its data in \/data\/postgres on whichever node first runs its pod.*bernstein-cdk8s deploy --stack bernstein --profile spec --data-node NODE \(or --data-node auto: the first schedulable worker\)\n$/);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([...PREFLIGHT, ...expectedCalls(), GET_EXTERNAL]);
    expect(r.stdout).toContain('[1/7] cadvisor: applied 1 file (1 created)');
    expect(r.stdout).toContain('[2/7] postgres: applied 5 files (6 created)');
    expect(r.stdout).toMatch(/waiting for deployment\/postgres \(default\) … ready in \d+\.\ds/);
    expect(r.stdout).toMatch(/waiting for daemonset\/cadvisor \(kube-system\) … ready in/);
    expect(r.stdout).toMatch(/\[7\/7\] traefik: applied 3 files/);
    expect(r.stdout).toMatch(/poll poll\.dop\.io +http:\/\/poll\.dop\.io:30021/);
    expect(r.stdout).toMatch(/result result\.dop\.io +http:\/\/result\.dop\.io:30021/);
    expect(r.stdout).toMatch(/traefik admin +http:\/\/203\.0\.113\.10:30042/);
    expect(r.stdout.split('\n')).toContain('203.0.113.10 poll.dop.io result.dop.io');
  });

  test('--context is checked and passed on every call, including get nodes', async () => {
    const r = await runDeploy(['--context', 'k3s prod'], { cwd: root, log, env: { FAKE_KUBECTL_CONTEXTS: 'other k3s\\ prod' } });
    expect(r.calls[0]).toEqual(['config', 'get-contexts', '-o', 'name']);
    expect(r.stderr).toContain('--context "k3s prod" is not in the kubeconfig');
    expect(r.code).toBe(1);
    fs.rmSync(log);
    const ok = await runDeploy(['--context', 'prod'], { cwd: root, log, env: { FAKE_KUBECTL_CONTEXTS: 'dev prod' } });
    expect(ok.code).toBe(0);
    const [listing, ...rest] = ok.calls;
    expect(listing).toEqual(['config', 'get-contexts', '-o', 'name']);
    for (const call of rest) expect(call.slice(0, 2)).toEqual(['--context', 'prod']);
    expect(rest.map((c) => c.slice(2))).toEqual([PREFLIGHT[1], ...expectedCalls(), GET_EXTERNAL, GET_INTERNAL]);
  });

  test('no current context: a clear preflight error (which kubeconfig, how to choose), nothing applied', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_CONTEXT: '', KUBECONFIG: '/nowhere/config' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('kubectl has no current context (kubeconfig /nowhere/config)');
    expect(r.stderr).toContain('kubectl config use-context NAME, or pass --context NAME');
    expect(r.stderr).not.toContain('validate=false');
    expect(r.calls).toEqual([PREFLIGHT[0]]);
  });

  test('an API server that does not answer stops the deploy before any apply', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_FAIL_ON: 'get --raw' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the API server of context "fake-cluster" does not answer');
    expect(r.calls).toEqual(PREFLIGHT);
  });

  test('an apply failure names the component, stops before later components, and a re-run succeeds', async () => {
    const failed = await runDeploy(['--timeout', '2m'], { cwd: root, log, env: { FAKE_KUBECTL_FAIL_ON: 'redis.deployment.yaml' } });
    expect(failed.code).toBe(1);
    expect(withoutDataNotice(failed.stderr)).toMatch(/^deploy failed at component "redis" \(3\/7\): error: fake kubectl failure/);
    expect(failed.stderr).toContain('components already deployed: cadvisor, postgres');
    expect(failed.stderr).toContain('re-run `bernstein-cdk8s deploy --timeout 2m`');
    expect(failed.calls.slice(2)).toEqual(expectedCalls('dist').slice(0, 5));

    fs.rmSync(log);
    const rerun = await runDeploy(['--timeout', '2m'], { cwd: root, log });
    expect(rerun.code).toBe(0);
    expect(rerun.calls.slice(2, 2 + expectedCalls().length)).toEqual(expectedCalls('dist'));
  });

  test('a rollout failure names the component and the workload', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_FAIL_ON: 'status deployment/postgres' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deploy failed at component "postgres" \(2\/7\): deployment\/postgres \(default\) did not become ready: error: fake kubectl failure/);
    expect(r.stderr).toContain('describe deployment/postgres -n default');
    expect(r.stdout).toContain('waiting for deployment/postgres (default) … failed');
  });

  test('--dry-run prints the commands in order, component by component, and runs no kubectl', async () => {
    const r = await runDeploy(['--dry-run', '--context', "it's"], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(fs.existsSync(log)).toBe(false);
    const lines = r.stdout.trimEnd().split('\n');
    const commands = lines.filter((l) => !l.startsWith('#'));
    const q = (args: string[]) => [FAKE_KUBECTL, '--context', `'it'\\''s'`, ...args].join(' ');
    expect(commands).toEqual([
      ...expectedCalls('dist', '180s').map(q),
      `${FAKE_KUBECTL} --context 'it'\\''s' get nodes -o 'jsonpath={.items[*].status.addresses[?(@.type=="ExternalIP")].address}'`,
    ]);
    expect(lines.filter((l) => /^# \[\d\/7\]/.test(l))).toEqual(['cadvisor', 'postgres', 'redis', 'poll', 'worker', 'result', 'traefik'].map((c, i) => `# [${i + 1}/7] ${c}`));
  });

  test('hosts line falls back to InternalIP when no node has an ExternalIP', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_INTERNAL_IPS: '10.1.2.3 10.1.2.4' } });
    expect(r.code).toBe(0);
    expect(r.calls.slice(-2)).toEqual([GET_EXTERNAL, GET_INTERNAL]);
    expect(r.stdout.split('\n')).toContain('10.1.2.3 poll.dop.io result.dop.io');
    expect(r.stdout).toMatch(/traefik admin +http:\/\/10\.1\.2\.3:30042/);
    expect(r.stdout).toContain('using InternalIP');
  });

  test('a failing get nodes after a successful deploy is only a warning', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_FAIL_ON: 'get nodes' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: could not read node addresses');
    expect(r.stdout.split('\n')).toContain('<node-ip> poll.dop.io result.dop.io');
  });

  test('missing files are all reported, with the synth command, and nothing is applied', async () => {
    synthFolder(path.join(root, 'dist-modern'), 'bernstein', 'modern');
    fs.rmSync(path.join(root, 'dist-modern', 'redis.service.yaml'));
    fs.rmSync(path.join(root, 'dist-modern', 'traefik.rbac.yaml'));
    const r = await runDeploy(['--profile', 'modern'], { cwd: root, log });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing 2 file(s) of bernstein (profile modern) in dist-modern: redis.service.yaml, traefik.rbac.yaml');
    expect(r.stderr).toContain('generate them with: bernstein-cdk8s synth --stack bernstein --profile modern (it writes dist-modern/)\n');
    expect(r.calls).toEqual([]);
  });

  test('a folder that does not exist is reported as such', async () => {
    const r = await runDeploy(['--dir', 'nowhere'], { cwd: root, log });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: --dir nowhere: no such folder\n  nothing was applied.\n');
    // A stack's files looked for in another folder: the hint never suggests writing into it.
    const stack = await runDeploy(['--stack', 'bernstein', '--dir', 'nowhere'], { cwd: root, log });
    expect(stack.code).toBe(1);
    expect(stack.stderr).toContain('no manifests of bernstein (profile spec) in nowhere');
    expect(stack.stderr).toContain('generate them with: bernstein-cdk8s synth --stack bernstein --profile spec (it writes dist/); to apply a folder of your own as it is, in the order its manifests give: bernstein-cdk8s deploy --dir nowhere\n');
    expect(stack.stderr).not.toContain('--outdir');
    expect(r.calls).toEqual([]);
  });

  test('--profile modern defaults to dist-modern; --dir overrides', async () => {
    synthFolder(path.join(root, 'dist-modern'), 'bernstein', 'modern');
    const modern = await runDeploy(['--profile=modern', '--dry-run'], { cwd: root, log });
    expect(modern.code).toBe(0);
    expect(modern.stdout).toContain(' apply -f dist-modern/cadvisor.daemonset.yaml\n');
    synthFolder(path.join(root, 'out'));
    const custom = await runDeploy(['--dir', 'out', '--dry-run'], { cwd: root, log });
    expect(custom.stdout).toContain(' apply -f out/cadvisor.daemonset.yaml\n');
  });

  // Through the real runner: the fake spawned as the kubectl binary found on PATH.
  // One ConfigMap is enough to prove the lookup and the spawned runner (each spawn costs a node
  // start); the whole sequence of calls is asserted in-process above, through the same runner interface.
  test('kubectl is found on PATH when KUBECTL is not set', async () => {
    writeFiles(path.join(root, 'settings'), { 'settings.configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {MODE: test}\n' });
    const r = await runDeploy(['--dir', 'settings'], { cwd: root, log, spawn: true, env: { KUBECTL: undefined, PATH: `${FAKE_KUBECTL_DIR}${path.delimiter}${process.env.PATH}` } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readCalls(log)).toEqual([...PREFLIGHT, apply('settings', ['settings.configmap.yaml'])]);
  });

  test('a kubectl binary that does not exist fails the preflight, naming the binary', async () => {
    const r = await runDeploy([], { cwd: root, log, spawn: true, env: { KUBECTL: path.join(root, 'no-kubectl') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kubectl has no current context .*kubectl binary ".*no-kubectl" not found/);
  });

  test('files outside the apply order are mentioned, not applied', async () => {
    writeFiles(path.join(root, 'dist'), { 'extra.namespace.yaml': 'kind: Namespace\n' });
    const r = await runDeploy(['--dry-run'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("not part of bernstein's apply order, not applied: extra.namespace.yaml");
    expect(r.stdout).not.toContain('extra.namespace.yaml');
  });

  test('unparsable YAML is reported before anything runs', async () => {
    writeFiles(path.join(root, 'dist'), { 'redis.deployment.yaml': 'kind: Deployment\nmetadata: [\n' });
    const r = await runDeploy([], { cwd: root, log });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read 1 manifest(s) in dist:');
    expect(r.stderr).toContain('redis.deployment.yaml:');
    expect(r.calls).toEqual([]);
  });
});

describe.each(STACKS.flatMap((s) => s.profiles.map((p) => [s.name, p] as const)))('every stack: %s, profile %s', (stack, profile) => {
  test('--dry-run applies every file once, in the derived order, waiting for every workload; a real run prints the entry points', async () => {
    const result = synthesize({ stack, profile, env: {} });
    const dir = result.stack.defaultOutdir(profile);
    synthFolder(path.join(root, dir), stack, profile);
    const r = await runDeploy(['--stack', stack, '--profile', profile, '--dry-run'], { cwd: root, log });
    // Only the placeholder images (none for bernstein) are worth a word, and the deploy they would stop.
    const placeholders = result.stack.images.filter((i) => i.placeholder);
    // A profile whose cAdvisor is told the node runtime says which one the dry run assumes.
    const said = withoutDataNotice(r.stderr).split('\n').filter(Boolean).filter((l) => !(result.stack.knowsNodeRuntime(profile) && l.startsWith('note: --dry-run reads no nodes: the plan assumes containerd nodes')));
    expect(said.map((l) => /^notice: (\S+) \(.*\) is a placeholder no registry serves/.exec(l)?.[1] ?? l).slice(0, placeholders.length)).toEqual(placeholders.map((i) => i.reference));
    expect(said.slice(placeholders.length)).toEqual(placeholders.length === 0 ? [] : [expect.stringMatching(/^note: without --dry-run this deploy stops before applying anything/)]);
    expect(r.code).toBe(0);
    const applied = [...r.stdout.matchAll(/ -f (\S+)/g)].map((m) => m[1]);
    expect(applied).toEqual(result.applyOrder.flatMap((s) => s.files).map((f) => `${dir}/${f}`));
    expect(new Set(applied).size).toBe(result.rendered.size);
    const documents = result.files.flatMap((f) => f.documents);
    const waits = [...r.stdout.matchAll(/rollout status (\S+)/g)].map((m) => m[1]);
    const workloads = documents.filter((d) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(String(d.kind)));
    expect(waits.sort()).toEqual(workloads.map((d) => `${String(d.kind).toLowerCase()}/${(d.metadata as { name: string }).name}`).sort());

    const real = await runDeploy(['--stack', stack, '--profile', profile, '--allow-placeholder-images'], { cwd: root, log, env: { FAKE_KUBECTL_EXTERNAL_IPS: '203.0.113.7' } });
    expect(real.code).toBe(0);
    const nodePorts = documents
      .filter((d) => d.kind === 'Service')
      .flatMap((d) => ((d.spec as { ports: { nodePort?: number }[] }).ports).flatMap((p) => (p.nodePort ? [p.nodePort] : [])));
    for (const port of nodePorts) expect(real.stdout).toContain(`:${port}`);
    const hosts = documents.filter((d) => d.kind === 'Ingress').map((d) => (d.spec as { rules: { host: string }[] }).rules[0].host);
    for (const host of hosts) expect(real.stdout).toContain(`http://${host}`);
    if (nodePorts.length === 0 && hosts.length === 0) expect(real.stdout).toContain('nothing is exposed outside the cluster');
  });
});

test('a stack reached through no node (smack) plans no node-address lookup', async () => {
  synthFolder(path.join(root, 'dist-smack'), 'smack');
  const r = await runDeploy(['--stack', 'smack', '--dry-run'], { cwd: root, log });
  expect(r.code).toBe(0);
  expect(r.stdout).not.toContain('get nodes');
  const bernstein = await runDeploy(['--dry-run'], { cwd: root, log });
  expect(bernstein.stdout).toContain('get nodes');
});

describe('usage errors (exit 2)', () => {
  test.each([
    [["--force"], /unknown option --force; allowed: --stack NAME, --profile NAME, --dir DIR, --routing ingress\|gateway, --node-runtime containerd\|k3s\|crio, --data-node NODE\|auto, --image COMPONENT=REF, --allow-placeholder-images, --context NAME/],
    [['--profile', 'prod'], /--profile: stack "bernstein" has no profile "prod"; allowed: spec, modern/],
    [['--stack', 'shop'], /--stack: unknown stack "shop"; allowed: bernstein, promotions, lifespan, smack/],
    [['--stack', 'smack', '--profile', 'modern'], /stack "smack" has no profile "modern"/],
    [['--profile'], /--profile.*allowed:/],
    [['extra'], /unexpected argument "extra"/],
    [['--timeout', 'soon'], /invalid --timeout "soon"/],
    [['--context', ''], /--context must not be empty/],
  ])('%j', async (args, message) => {
    const r = await runDeploy(args, { cwd: root, log });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.calls).toEqual([]);
  });

  test('--help prints usage and exits 0', async () => {
    const r = await runDeploy(['-h'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: bernstein-cdk8s deploy [options]   (in this repository: npm run deploy -- [options])');
    expect(r.stdout).toContain('--stack NAME');
  });

  test('a bare number of seconds is accepted as --timeout', async () => {
    const r = await runDeploy(['--timeout', '90', '--dry-run'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--timeout=90s');
  });
});
