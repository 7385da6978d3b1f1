import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/synth';
import { runMain } from '../helpers/cli';
import { parseRendered } from '../helpers/manifests';
import { ownFile, tempFolders } from '../helpers/temp';

const NO_CREDENTIALS = { POSTGRES_USER: undefined, POSTGRES_PASSWORD: undefined, POSTGRES_DB: undefined, POSTGRES_PASSWORD_FILE: undefined, CDK8S_OUTDIR: undefined };

const tempDir = tempFolders('synth-test-');

function snapshotFolder(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => {
    const file = path.join(dir, f);
    return [f, fs.statSync(file).isDirectory() ? '(folder)' : fs.readFileSync(file, 'utf-8')];
  }));
}

describe('npm run synth', () => {
  test('writes the 19 files, replaces stale ones, and announces development credentials', async () => {
    const outdir = path.join(tempDir(), 'out');
    fs.mkdirSync(outdir);
    // A stale file of ours (a component the stack no longer has) goes away with the rest.
    const [stale, text] = ownFile('stale');
    fs.writeFileSync(path.join(outdir, stale), text);
    const { code, stdout, stderr } = await runMain(main, ['--outdir', outdir], NO_CREDENTIALS);
    expect(code).toBe(0);
    expect(stdout).toContain(`19 files in ${outdir}/`);
    expect(stderr).toContain('POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB not set: using development defaults');
    expect(fs.readdirSync(outdir)).toHaveLength(19);
    expect(fs.existsSync(path.join(outdir, stale))).toBe(false);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(['out']);
  });

  test('--routing gateway writes HTTPRoutes and the Gateway instead of Ingresses; --node-runtime k3s points cAdvisor at k3s\'s socket', async () => {
    const outdir = path.join(tempDir(), 'out');
    const { code, stdout } = await runMain(main, ['--profile', 'modern', '--routing', 'gateway', '--node-runtime', 'k3s', '--outdir', outdir], NO_CREDENTIALS);
    expect(code).toBe(0);
    expect(stdout).toContain('(profile modern, routing gateway): 20 files');
    const files = fs.readdirSync(outdir);
    expect(files.filter((f) => /ingress|httproute|gateway/.test(f)).sort()).toEqual(['poll.httproute.yaml', 'result.httproute.yaml', 'traefik.gateway.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'cadvisor.daemonset.yaml'), 'utf-8')).toContain('--containerd=/run/k3s/containerd/containerd.sock');
  });

  test.each([
    [['--profile', 'legacy'], '--profile: stack "bernstein" has no profile "legacy"; allowed: spec, modern'],
    [['--stack', 'nope'], '--stack: unknown value "nope"; allowed: bernstein'],
    [['--verbose'], 'unknown option --verbose; allowed: --stack NAME, --profile NAME, --routing ingress|gateway, --node-runtime containerd|k3s|crio, --single-node, --data-node NODE, --storage-class NAME, --image COMPONENT=REF, --outdir DIR, --help'],
    [['--profle', 'modern'], 'unknown option --profle (did you mean --profile?); allowed: --stack NAME'],
    [['extra'], 'unexpected argument "extra"'],
    [['--storage-class', 'fast-ssd'], '--storage-class: stack "bernstein" profile "spec" keeps its data in hand-made hostPath volumes'],
    [['--stack', 'smack', '--data-node', 'worker-2'], '--data-node: stack "smack" profile "spec" claims its volumes from a StorageClass'],
    [['--data-node', 'Worker_2'], 'storage: --data-node "Worker_2" is invalid; allowed: a node name'],
    [['--routing', 'gateway'], '--routing: stack "bernstein" profile "spec" routes only through ingress, not "gateway"; allowed: ingress, or --routing gateway with --stack bernstein --profile modern or --stack bernstein --profile hardened'],
    [['--profile', 'modern', '--routing', 'mesh'], '--routing: unknown value "mesh"; allowed: ingress, gateway'],
    [['--profile', 'modern', '--node-runtime', 'docker'], '--node-runtime: unknown value "docker"; allowed: containerd, k3s, crio'],
    [['--stack', 'smack', '--node-runtime', 'k3s'], '--node-runtime: stack "smack" profile "spec" runs nothing that is told the nodes\' container runtime; allowed: omit it, or use it with --stack bernstein --profile modern or --stack bernstein --profile hardened'],
  ])('bad input %j: one clear error, exit 2, output folder untouched', async (args, message) => {
    const outdir = tempDir();
    fs.writeFileSync(path.join(outdir, ownFile('poll')[0]), ownFile('poll')[1]);
    const before = snapshotFolder(outdir);
    const { code, stderr } = await runMain(main, [...args, '--outdir', outdir], NO_CREDENTIALS);
    expect(code).toBe(2);
    expect(stderr).toContain(`error: ${message}`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(snapshotFolder(outdir)).toEqual(before);
  });

  test('credentials come from the environment and the password is never printed', async () => {
    const outdir = path.join(tempDir(), 'out');
    const password = 's3cr3t-Value';
    const { code, stdout, stderr } = await runMain(main, ['--outdir', outdir], { ...NO_CREDENTIALS, POSTGRES_USER: 'alice', POSTGRES_PASSWORD: password, POSTGRES_DB: 'polls' });
    expect(code).toBe(0);
    expect(stderr).not.toContain('development defaults');
    expect(stdout + stderr).not.toContain(password);
    const files = new Map(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]));
    const secret = parseRendered(new Map([['s', files.get('postgres.secret.yaml')!]]))[0].object as unknown as { data: Record<string, string> };
    expect(Buffer.from(secret.data.POSTGRES_PASSWORD, 'base64').toString()).toBe(password);
    expect(Buffer.from(secret.data.POSTGRES_USER, 'base64').toString()).toBe('alice');
    expect(files.get('postgres.configmap.yaml')).toContain('POSTGRES_DB: polls');
  });

  test('POSTGRES_PASSWORD_FILE is read without its trailing newline', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'pw'), 'from-file\n');
    const outdir = path.join(dir, 'out');
    const { code } = await runMain(main, ['--outdir', outdir], { ...NO_CREDENTIALS, POSTGRES_PASSWORD_FILE: path.join(dir, 'pw') });
    expect(code).toBe(0);
    expect(fs.readFileSync(path.join(outdir, 'postgres.secret.yaml'), 'utf-8')).toContain(Buffer.from('from-file').toString('base64'));
  });

  test('--single-node switches replicated services to preferred anti-affinity and says so', async () => {
    const outdir = path.join(tempDir(), 'out');
    const { code, stderr } = await runMain(main, ['--single-node', '--outdir', outdir], NO_CREDENTIALS);
    expect(code).toBe(0);
    expect(stderr).toContain('--single-node: replicated services use preferred anti-affinity');
    for (const name of ['poll', 'result', 'traefik']) {
      const text = fs.readFileSync(path.join(outdir, `${name}.deployment.yaml`), 'utf-8');
      expect(text).toContain('preferredDuringSchedulingIgnoredDuringExecution');
      expect(text).not.toContain('requiredDuringSchedulingIgnoredDuringExecution');
    }
  });

  test('--help prints the usage', async () => {
    const { code, stdout } = await runMain(main, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: bernstein-cdk8s synth [--stack NAME]');
    expect(stdout).toContain('In this repository: npm run synth -- [options].');
  });
});

describe('npm run synth with invalid credentials', () => {
  test('every problem is reported together, exit 2, the password never shown, the folder untouched', async () => {
    const outdir = tempDir();
    const [kept, text] = ownFile('kept');
    fs.writeFileSync(path.join(outdir, kept), text);
    const { code, stderr } = await runMain(main, ['--outdir', outdir], { ...NO_CREDENTIALS, POSTGRES_USER: 'bad-user', POSTGRES_DB: '1db', POSTGRES_PASSWORD: 'multi\nline-secret' });
    expect(code).toBe(2);
    expect(stderr).toContain('error: [bernstein/Postgres] 3 invalid props:');
    expect(stderr).toContain('credentials.user (POSTGRES_USER) "bad-user" is invalid');
    expect(stderr).toContain('credentials.database (POSTGRES_DB) "1db" is invalid');
    expect(stderr).toContain('credentials.password (POSTGRES_PASSWORD) must be a single line');
    expect(stderr).not.toContain('line-secret');
    expect(snapshotFolder(outdir)).toEqual({ [kept]: text });
  });
});

describe('flag errors stay on one line', () => {
  test('a flag value that looks like a flag', async () => {
    const { code, stderr } = await runMain(main, ['--outdir', '--profile']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: .*--outdir.*allowed: --stack/);
  });
});

describe('--outdir safety and several flag problems at once', () => {
  test('two bad flags are reported together', async () => {
    const { code, stderr } = await runMain(main, ['--stack', 'nope', '--profile', 'bad', '--outdir', path.join(tempDir(), 'o')], NO_CREDENTIALS);
    expect(code).toBe(2);
    expect(stderr).toContain('error: 2 problems:');
    expect(stderr).toContain('--stack: unknown value "nope"');
    expect(stderr).toContain('--profile: unknown value "bad"; allowed: spec, modern');
  });

  test.each([['.'], ['..']])('refuses to replace the working directory or a parent (%s)', async (outdir) => {
    const { code, stderr } = await runMain(main, ['--outdir', outdir], NO_CREDENTIALS);
    expect(code).toBe(2);
    expect(stderr).toContain('is the working directory or one of its parents');
  });

  test('refuses to replace a folder holding anything it did not write, names each, leaves it byte-identical', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'index.ts'), 'code');
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'manifest');
    // A manifest of the user's own, named like ours, and one of ours edited by hand.
    fs.writeFileSync(path.join(dir, 'shop.deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n');
    const [edited, text] = ownFile('cache');
    fs.writeFileSync(path.join(dir, edited), text.replace('value: A', 'value: B # raised by hand'));
    const [mine, own] = ownFile('mine');
    fs.writeFileSync(path.join(dir, mine), own);
    fs.mkdirSync(path.join(dir, 'notes'));
    const before = snapshotFolder(dir);
    const { code, stdout, stderr } = await runMain(main, ['--outdir', dir], NO_CREDENTIALS);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: --outdir "${dir}" holds 5 files this tool did not write (a.yaml, ${edited}, index.ts, notes/, shop.deployment.yaml); refusing to replace it, nothing was changed; allowed: a new or empty folder, or one holding only manifests this tool wrote (move your files elsewhere, or choose another folder)\n`);
    expect(snapshotFolder(dir)).toEqual(before);
    expect(fs.readdirSync(path.dirname(dir)).filter((f) => f.startsWith(`.${path.basename(dir)}`))).toEqual([]);
  });

  test('refuses a file as output folder', async () => {
    const file = path.join(tempDir(), 'out.yaml');
    fs.writeFileSync(file, 'x');
    const { code, stderr } = await runMain(main, ['--outdir', file], NO_CREDENTIALS);
    expect(code).toBe(2);
    expect(stderr).toContain('is a file');
  });
});

describe('a profile the stack does not have', () => {
  test('is refused by the CLI with the stack\'s allowed profiles, folder untouched', async () => {
    const outdir = tempDir();
    const { code, stderr } = await runMain(main, ['--stack', 'promotions', '--profile', 'modern', '--outdir', outdir], NO_CREDENTIALS);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('error: --profile: stack "promotions" has no profile "modern"; allowed: spec, hardened');
    expect(fs.readdirSync(outdir)).toEqual([]);
  });
});
