import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { STACKS } from '../../src/charts/stacks';
import { main } from '../../src/cli/synth';
import { VARIANTS } from '../../src/synth';
import { runMainIn } from '../helpers/cli';
import { ownFile, tempFolders } from '../helpers/temp';

const tempDir = tempFolders('synth-variants-');

const ROOT = path.resolve(__dirname, '../..');
const NO_CREDENTIALS = { POSTGRES_USER: undefined, POSTGRES_PASSWORD: undefined, POSTGRES_DB: undefined, POSTGRES_PASSWORD_FILE: undefined, CDK8S_OUTDIR: undefined };

/** Runs synth with a fresh temporary working directory, where the default folders are created. */
async function synthIn(args: string[], env: Record<string, string | undefined> = {}, prepare: (cwd: string) => void = () => undefined) {
  const cwd = tempDir();
  prepare(cwd);
  return runMainIn(cwd, main, args, { ...NO_CREDENTIALS, ...env });
}

describe('variants never overwrite a committed folder', () => {
  test.each<[string[], Record<string, string>, string]>([
    [[], {}, 'dist'],
    [['--profile', 'modern'], {}, 'dist-modern'],
    [['--single-node'], {}, 'dist-single-node'],
    [['--profile', 'modern', '--single-node'], {}, 'dist-modern-single-node'],
    [['--stack', 'promotions', '--single-node'], {}, 'dist-promotions-single-node'],
    [[], { POSTGRES_PASSWORD: 'real-secret' }, 'dist-custom-credentials'],
    [['--data-node', 'worker-2'], {}, 'dist-data-node'],
    [['--single-node', '--data-node', 'worker-2'], {}, 'dist-single-node-data-node'],
    [['--profile', 'modern', '--storage-class', 'fast-ssd'], {}, 'dist-modern-storage-class'],
    [['--stack', 'lifespan', '--storage-class', 'fast-ssd'], {}, 'dist-lifespan-storage-class'],
    [['--profile', 'modern', '--single-node'], { POSTGRES_USER: 'votes' }, 'dist-modern-single-node-custom-credentials'],
    // Any credential variable set, even to its default value, is the environment's choice.
    [[], { POSTGRES_USER: 'bernstein' }, 'dist-custom-credentials'],
    [['--stack', 'lifespan'], { MYSQL_USER: 'app' }, 'dist-lifespan-custom-credentials'],
    // Variables another stack reads do not make a variant of this one.
    [['--stack', 'smack'], { POSTGRES_PASSWORD: 'real-secret' }, 'dist-smack'],
  ])('synth %j with %j writes %s/ only', async (args, env, folder) => {
    const { code, stdout, folders } = await synthIn(args, env);
    expect(code).toBe(0);
    expect(folders).toEqual([folder]);
    expect(stdout).toContain(`files in ${folder}/`);
  });

  test('spec says on stderr that its data is node-local and how to pin it; --data-node silences that', async () => {
    const canonical = await synthIn([]);
    expect(canonical.stderr).toContain('notice: PersistentVolume postgres-pv (postgres.volume.yaml) keeps its data in /data/postgres on whichever node first runs its pod');
    expect(canonical.stderr).toContain('npm run synth -- --data-node NODE');
    const pinned = await synthIn(['--data-node', 'worker-2']);
    expect(pinned.stderr).not.toContain('PersistentVolume postgres-pv');
    expect(pinned.stderr).toContain('notice: data-node output goes to dist-data-node/ (not committed); dist/ keeps the canonical output');
  });

  test('a variant says where it went and that the committed folder keeps the canonical output', async () => {
    const { stderr } = await synthIn(['--profile', 'modern', '--single-node']);
    expect(stderr).toContain('notice: single-node output goes to dist-modern-single-node/ (not committed); dist-modern/ keeps the canonical output');
  });

  test.each<[string[], Record<string, string>, string]>([
    [['--single-node', '--outdir', 'dist'], {}, '--outdir "dist" holds the committed output of --stack bernstein --profile spec, which this request (--stack bernstein, --profile spec, --single-node) would overwrite; allowed: omit --outdir (writes dist-single-node/) or a folder of your own'],
    [['--outdir', 'dist-modern'], { POSTGRES_PASSWORD: 'real-secret' }, '(--stack bernstein, --profile spec, credentials from the environment)'],
    [['--stack', 'smack', '--outdir', 'dist'], {}, '--outdir "dist" holds the committed output of --stack bernstein --profile spec'],
    [['--data-node', 'worker-2', '--outdir', 'dist'], {}, 'which this request (--stack bernstein, --profile spec, --data-node) would overwrite; allowed: omit --outdir (writes dist-data-node/)'],
    [['--single-node'], { CDK8S_OUTDIR: 'dist-modern' }, '--outdir "dist-modern" holds the committed output of --stack bernstein --profile modern'],
  ])('synth %j with %j into a committed folder is refused, exit 2, folder untouched', async (args, env, message) => {
    const { code, stderr, cwd } = await synthIn(args, env, (dir) => {
      for (const name of ['dist', 'dist-modern']) {
        fs.mkdirSync(path.join(dir, name));
        fs.writeFileSync(path.join(dir, name, ownFile('a')[0]), ownFile('a')[1]);
      }
    });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('real-secret');
    for (const name of ['dist', 'dist-modern']) expect(fs.readdirSync(path.join(cwd, name))).toEqual([ownFile('a')[0]]);
  });

  test('a committed folder still receives its own canonical output through --outdir', async () => {
    const { code, folders } = await synthIn(['--profile', 'modern', '--outdir', 'dist-modern']);
    expect(code).toBe(0);
    expect(folders).toEqual(['dist-modern']);
  });
});

describe('.gitignore and cdk8s.yaml agree with the folder rule', () => {
  const patterns = fs.readFileSync(path.join(ROOT, '.gitignore'), 'utf-8').split('\n')
    .filter((line) => /^\/[^#]*\/$/.test(line))
    .map((line) => new RegExp(`^${line.slice(1, -1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
  const ignored = (folder: string) => patterns.some((p) => p.test(folder));
  const committed = STACKS.flatMap((stack) => stack.profiles.map((profile) => stack.defaultOutdir(profile)));
  const subsets = VARIANTS.flatMap((_, i) => VARIANTS.slice(i).map((__, j) => VARIANTS.slice(i, i + j + 1)));

  test('every variant folder of every stack and profile is ignored', () => {
    const variantFolders = committed.flatMap((folder) => subsets.map((variants) => [folder, ...variants].join('-')));
    expect(variantFolders.filter((f) => !ignored(f))).toEqual([]);
  });

  test('no committed folder is ignored', () => {
    expect(committed.filter(ignored)).toEqual([]);
  });

  test('`npx cdk8s synth` (which deletes its output folder first) writes an ignored folder, never a committed one', () => {
    const output = (parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf-8')) as { output: string }).output;
    expect(committed).not.toContain(output);
    expect(ignored(output)).toBe(true);
  });
});

describe('custom credentials are named, never shown', () => {
  test('the notice names the variables the stack read, not their values', async () => {
    const { stderr } = await synthIn([], { POSTGRES_USER: 'votes', POSTGRES_PASSWORD: 'real-secret', UNRELATED: 'x' });
    expect(stderr).toContain('notice: custom-credentials (environment: POSTGRES_PASSWORD, POSTGRES_USER) output goes to dist-custom-credentials/');
    expect(stderr).not.toContain('real-secret');
  });
});
