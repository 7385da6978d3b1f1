import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as esbuild from 'esbuild';
import * as ts from 'typescript';
import { check } from '../../src/checker';
import { at, parseRendered } from '../helpers/manifests';
import { PolicyModel, workloadPods } from '../helpers/network-policy';

// Every examples/*.ts is a program a user would write: it imports the library by its package
// name, has no helper file of its own, type-checks under the repository's strict options, and,
// run with an output folder, writes manifests our checker finds no error in. (The packed
// tarball gets the same treatment outside the repository: scripts/consumer-test.sh.)
const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.ts')).sort();

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('there are at least two examples', () => {
  expect(examples.length).toBeGreaterThanOrEqual(2);
});

test('every example is type-checked under the strict repository options by `npm run typecheck` (CI runs it)', () => {
  // tsc over the whole project already compiles examples/ with the package name mapped to the
  // source; a second program here would only repeat it (and the consumer test compiles them again
  // against the packed tarball). This pins that the project's tsc really covers them.
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  expect(parsed.options.strict).toBe(true);
  expect(parsed.options.paths?.['bernstein-cdk8s']).toEqual(['./src/index.ts']);
  for (const file of examples) expect(parsed.fileNames).toContain(path.join(EXAMPLES, file));
  expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).scripts.typecheck).toBe('tsc --noEmit');
});

describe.each(examples)('examples/%s', (file) => {
  const source = fs.readFileSync(path.join(EXAMPLES, file), 'utf-8');
  // The example as one CommonJS file; the package name resolves to the source tree here.
  const bundle = (): string => path.join(work, file.replace(/\.ts$/, '.js'));
  const run = (args: string[], cwd: string): void => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') };
    delete env.CDK8S_OUTDIR; // cdk8s's own default, dist/
    execFileSync(process.execPath, [bundle(), ...args], { cwd, stdio: 'pipe', env });
  };
  beforeAll(async () => {
    await esbuild.build({
      entryPoints: [path.join(EXAMPLES, file)],
      outfile: bundle(),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      alias: { 'bernstein-cdk8s': path.join(ROOT, 'src', 'index.ts') },
      logLevel: 'error',
    });
    // Run once with an output folder (each run is a node start); the tests below read what it wrote.
    run([outdir()], work);
  });
  const outdir = (): string => path.join(work, `out-${file}`);

  test('imports the library by its package name and nothing local', () => {
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toContain('bernstein-cdk8s');
    expect(imports.filter((i) => i.startsWith('.'))).toEqual([]);
  });

  test('writes manifests with 0 checker errors on Kubernetes 1.27 and 1.33', () => {
    expect(fs.readdirSync(outdir()).length).toBeGreaterThan(0);
    for (const k8s of ['1.27', '1.33']) {
      const errors = check(outdir(), { k8s }).problems.filter((p) => p.severity === 'error');
      expect(errors).toEqual([]);
    }
  });

  test('run without an argument, synthesizes through cdk8s\'s own App (dist/<chart>.k8s.yaml)', () => {
    const cwd = fs.mkdtempSync(path.join(work, 'cwd-'));
    run([], cwd);
    const written = fs.readdirSync(path.join(cwd, 'dist'));
    expect(written.length).toBeGreaterThan(0);
    expect(written.every((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  if (file === 'shop.ts') test('the shop takes at most 60 lines and no raw Kubernetes object', () => {
    expect(source.trimEnd().split('\n').length).toBeLessThanOrEqual(60);
    expect(source).not.toMatch(/\bk8s\.Kube|\bk8s\b[,}]|toEnvVar|new ApiObject/);
  });

  if (file === 'shop.ts') test('the shop\'s network policies let the backup CronJob reach postgres, and nothing that is not wired', () => {
    const rendered = new Map(fs.readdirSync(outdir()).map((f) => [f, fs.readFileSync(path.join(outdir(), f), 'utf-8')]));
    const objects = parseRendered(rendered).map((o) => o.object);
    const pods = new Map(workloadPods(objects, (o) => {
      const template = o.kind === 'CronJob' ? at(o, 'spec', 'jobTemplate', 'spec', 'template') : o.kind === 'Deployment' ? at(o, 'spec', 'template') : undefined;
      if (template === undefined) return undefined;
      const ports = at<Array<{ ports?: Array<{ containerPort: number; name?: string }> }>>(template, 'spec', 'containers')
        .flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: 'TCP', name: p.name })));
      return { labels: at<Record<string, string>>(template, 'metadata', 'labels'), ports };
    }).map((p) => [p.id.split('/')[1], p]));
    const model = new PolicyModel(objects);
    const reaches = (from: string, to: string, port: number): boolean => model.allows(pods.get(from)!, pods.get(to)!, port);
    expect([reaches('backup', 'postgres', 5432), reaches('worker', 'postgres', 5432), reaches('api', 'postgres', 5432), reaches('api', 'redis', 6379)]).toEqual([true, true, true, true]);
    expect([reaches('frontend', 'postgres', 5432), reaches('backup', 'redis', 6379), reaches('backup', 'api', 8080)]).toEqual([false, false, false]);
  });

  // cdk8s's own CLI running a user's program (`cdk8s synth --app …`) costs seconds a run: it is
  // proven on the packed package instead, by scripts/consumer-test.sh (CI).
});

test('the README shows examples/shop.ts verbatim', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  expect(readme).toContain(`\`\`\`ts\n${fs.readFileSync(path.join(EXAMPLES, 'shop.ts'), 'utf-8')}\`\`\``);
});
