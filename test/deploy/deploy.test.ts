import * as fs from 'fs';
import * as path from 'path';
import { DEPLOY_COMPONENTS } from '../../src/deploy';
import {
  FAKE_KUBECTL,
  FAKE_KUBECTL_DIR,
  manifestFiles,
  readCalls,
  runDeploy,
  tempDir,
  writeFiles,
} from './helpers';

const made: string[] = [];
let root: string;
let log: string;

beforeEach(() => {
  root = tempDir();
  made.push(root);
  log = path.join(root, 'kubectl.log');
  writeFiles(path.join(root, 'dist'), manifestFiles());
});

afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

const rollout = (ref: string, ns: string) => ['rollout', 'status', ref, '-n', ns, '--timeout=180s'];
const apply = (dir: string, files: readonly string[]) => ['apply', ...files.flatMap((f) => ['-f', `${dir}/${f}`])];
const files = (name: string) => DEPLOY_COMPONENTS.find((c) => c.name === name)!.files;
const GET_EXTERNAL = [
  'get',
  'nodes',
  '-o',
  'jsonpath={.items[*].status.addresses[?(@.type=="ExternalIP")].address}',
];
const GET_INTERNAL = [
  'get',
  'nodes',
  '-o',
  'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}',
];

/** The spec's deployment process, with a rollout wait after each component. */
function expectedCalls(dir = 'dist'): string[][] {
  return [
    apply(dir, ['cadvisor.daemonset.yaml']),
    rollout('daemonset/cadvisor', 'kube-system'),
    apply(dir, [
      'postgres.secret.yaml',
      'postgres.configmap.yaml',
      'postgres.volume.yaml',
      'postgres.deployment.yaml',
      'postgres.service.yaml',
    ]),
    rollout('deployment/postgres', 'default'),
    apply(dir, ['redis.configmap.yaml', 'redis.deployment.yaml', 'redis.service.yaml']),
    rollout('deployment/redis', 'default'),
    apply(dir, [
      'poll.deployment.yaml',
      'worker.deployment.yaml',
      'result.deployment.yaml',
      'poll.service.yaml',
      'result.service.yaml',
      'poll.ingress.yaml',
      'result.ingress.yaml',
    ]),
    rollout('deployment/poll', 'default'),
    rollout('deployment/worker', 'default'),
    rollout('deployment/result', 'default'),
    apply(dir, ['traefik.rbac.yaml', 'traefik.deployment.yaml', 'traefik.service.yaml']),
    rollout('deployment/traefik', 'kube-public'),
  ];
}

describe('npm run deploy (fake kubectl)', () => {
  test('applies components in the spec order and waits for every Deployment/DaemonSet', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_EXTERNAL_IPS: '203.0.113.10 203.0.113.11' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([...expectedCalls(), GET_EXTERNAL]);
    expect(r.stdout).toContain('[1/5] monitoring: applied 1 file (1 created)');
    expect(r.stdout).toContain('[2/5] postgres: applied 5 files (6 created)');
    expect(r.stdout).toMatch(/waiting for deployment\/postgres \(default\) … ready in \d+\.\ds/);
    expect(r.stdout).toMatch(/waiting for daemonset\/cadvisor \(kube-system\) … ready in/);
    expect(r.stdout).toMatch(/\[5\/5\] traefik: applied 3 files/);
    expect(r.stdout).toContain('http://poll.dop.io:30021');
    expect(r.stdout).toContain('http://result.dop.io:30021');
    expect(r.stdout).toContain('dashboard http://203.0.113.10:30042');
    expect(r.stdout.split('\n')).toContain('203.0.113.10 poll.dop.io result.dop.io');
    expect(r.stdout).toContain('no manual CREATE TABLE step');
  });

  test('the component order is the one exported for the README/diagram', () => {
    expect(DEPLOY_COMPONENTS.map((c) => c.name)).toEqual(['monitoring', 'postgres', 'redis', 'apps', 'traefik']);
  });

  test('--context is passed on every call, including get nodes', async () => {
    const r = await runDeploy(['--context', 'k3s prod'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.calls).toHaveLength(expectedCalls().length + 2);
    for (const call of r.calls) expect(call.slice(0, 2)).toEqual(['--context', 'k3s prod']);
    expect(r.calls.map((c) => c.slice(2))).toEqual([...expectedCalls(), GET_EXTERNAL, GET_INTERNAL]);
  });

  test('an apply failure names the component, stops before later components, and a re-run succeeds', async () => {
    const failed = await runDeploy(['--timeout', '2m'], {
      cwd: root,
      log,
      env: { FAKE_KUBECTL_FAIL_ON: 'redis.deployment.yaml' },
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^deploy failed at component "redis" \(3\/5\): error: fake kubectl failure/);
    expect(failed.stderr).toContain('components already deployed: monitoring, postgres');
    expect(failed.stderr).toContain('idempotent');
    expect(failed.stderr).toContain('re-run `npm run deploy -- --timeout 2m`');
    // monitoring + wait, postgres + wait, redis apply; nothing of apps/traefik, no get nodes
    expect(failed.calls).toHaveLength(5);
    expect(failed.calls[4]).toEqual(apply('dist', files('redis')));
    expect(failed.calls.flat().join(' ')).not.toMatch(/poll|traefik|nodes/);

    fs.rmSync(log);
    const rerun = await runDeploy(['--timeout', '2m'], { cwd: root, log });
    expect(rerun.code).toBe(0);
    const with2m = expectedCalls().map((c) => c.map((a) => (a === '--timeout=180s' ? '--timeout=2m' : a)));
    expect(rerun.calls.slice(0, with2m.length)).toEqual(with2m);
  });

  test('a rollout failure names the component and the workload', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_FAIL_ON: 'status deployment/postgres' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deploy failed at component "postgres" \(2\/5\): deployment\/postgres \(default\) did not become ready: error: fake kubectl failure/);
    expect(r.stderr).toContain('describe deployment/postgres -n default');
    expect(r.stdout).toContain('waiting for deployment/postgres (default) … failed');
    expect(r.calls).toHaveLength(4);
  });

  test('--dry-run prints the shell-quoted commands and runs no kubectl', async () => {
    const r = await runDeploy(['--dry-run', '--context', "it's"], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(fs.existsSync(log)).toBe(false);
    const lines = r.stdout.trimEnd().split('\n');
    const q = (args: string[]) => [FAKE_KUBECTL, '--context', `'it'\\''s'`, ...args].join(' ');
    expect(lines).toEqual([
      ...expectedCalls().map(q),
      `${FAKE_KUBECTL} --context 'it'\\''s' get nodes -o 'jsonpath={.items[*].status.addresses[?(@.type=="ExternalIP")].address}'`,
      `# only when no node has an ExternalIP: ${FAKE_KUBECTL} --context 'it'\\''s' get nodes -o 'jsonpath={.items[*].status.addresses[?(@.type=="InternalIP")].address}'`,
    ]);
  });

  test('hosts line falls back to InternalIP when no node has an ExternalIP', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_INTERNAL_IPS: '10.1.2.3 10.1.2.4' } });
    expect(r.code).toBe(0);
    expect(r.calls.slice(-2)).toEqual([GET_EXTERNAL, GET_INTERNAL]);
    expect(r.stdout.split('\n')).toContain('10.1.2.3 poll.dop.io result.dop.io');
    expect(r.stdout).toContain('dashboard http://10.1.2.3:30042');
    expect(r.stdout).toContain('using InternalIP');
  });

  test('a failing get nodes after a successful deploy is only a warning', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { FAKE_KUBECTL_FAIL_ON: 'get nodes' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: could not read node addresses');
    expect(r.stdout.split('\n')).toContain('<node-ip> poll.dop.io result.dop.io');
  });

  test('missing files are all reported, with the synth command, and nothing is applied', async () => {
    writeFiles(path.join(root, 'dist-modern'), manifestFiles());
    fs.rmSync(path.join(root, 'dist-modern', 'redis.service.yaml'));
    fs.rmSync(path.join(root, 'dist-modern', 'traefik.rbac.yaml'));
    const r = await runDeploy(['--profile', 'modern'], { cwd: root, log });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing 2 file(s) in dist-modern: redis.service.yaml, traefik.rbac.yaml');
    expect(r.stderr).toContain('npm run synth -- --profile modern');
    expect(r.calls).toEqual([]);
  });

  test('a folder that does not exist is reported as such', async () => {
    const r = await runDeploy(['--dir', 'nowhere'], { cwd: root, log });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no manifests in nowhere');
    expect(r.stderr).toContain('npm run synth -- --profile spec');
  });

  test('--profile modern defaults to dist-modern; --dir overrides', async () => {
    writeFiles(path.join(root, 'dist-modern'), manifestFiles());
    const modern = await runDeploy(['--profile=modern', '--dry-run'], { cwd: root, log });
    expect(modern.code).toBe(0);
    expect(modern.stdout).toContain(' apply -f dist-modern/cadvisor.daemonset.yaml\n');
    writeFiles(path.join(root, 'out'), manifestFiles());
    const custom = await runDeploy(['--dir', 'out', '--dry-run'], { cwd: root, log });
    expect(custom.stdout).toContain(' apply -f out/cadvisor.daemonset.yaml\n');
  });

  test('kubectl is found on PATH when KUBECTL is not set', async () => {
    const r = await runDeploy([], {
      cwd: root,
      log,
      env: { KUBECTL: undefined, PATH: `${FAKE_KUBECTL_DIR}${path.delimiter}${process.env.PATH}` },
    });
    expect(r.code).toBe(0);
    expect(readCalls(log)).toHaveLength(expectedCalls().length + 2);
  });

  test('a kubectl binary that does not exist is a failure of the first component', async () => {
    const r = await runDeploy([], { cwd: root, log, env: { KUBECTL: path.join(root, 'no-kubectl') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deploy failed at component "monitoring" \(1\/5\): kubectl binary ".*no-kubectl" not found/);
  });

  test('without an init script the output gives the manual CREATE TABLE step', async () => {
    writeFiles(path.join(root, 'dist'), manifestFiles({ votesInit: false }));
    const r = await runDeploy(['--context', 'c'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `| ${FAKE_KUBECTL} --context c exec -i deployment/postgres -n default -- psql -U <user> -d <db>`,
    );
  });

  test('files outside the deploy order are mentioned, not applied', async () => {
    writeFiles(path.join(root, 'dist'), { 'extra.namespace.yaml': 'kind: Namespace\n' });
    const r = await runDeploy(['--dry-run'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('not part of the deploy order, not applied: extra.namespace.yaml');
    expect(r.stdout).not.toContain('extra.namespace.yaml');
  });

  test('unparsable YAML is reported before anything runs', async () => {
    writeFiles(path.join(root, 'dist'), { 'redis.deployment.yaml': 'kind: Deployment\nmetadata: [\n' });
    const r = await runDeploy([], { cwd: root, log });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot parse 1 manifest(s) in dist:');
    expect(r.stderr).toContain('redis.deployment.yaml:');
    expect(r.calls).toEqual([]);
  });
});

describe('usage errors (exit 2)', () => {
  test.each([
    [['--force'], /unknown option --force; allowed: --profile spec\|modern, --dir DIR, --context NAME/],
    [['--profile', 'prod'], /invalid --profile "prod"; allowed values: spec, modern/],
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
    expect(r.stdout).toContain('usage: npm run deploy -- [options]');
  });

  test('a bare number of seconds is accepted as --timeout', async () => {
    const r = await runDeploy(['--timeout', '90', '--dry-run'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--timeout=90s');
  });
});
