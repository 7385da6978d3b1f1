import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/check';
import { checkDocuments, CheckReport, formatText } from '../../src/checker';
import { fixture } from './helpers';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('npm run check', () => {
  it('exits 0 on the good folder with only warnings, printing the table and summary', async () => {
    const r = await run('--policy', 'bernstein', fixture('bernstein-good'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Checked 19 files in .*bernstein-good against Kubernetes 1\.27 \(schema v1\.27\.0\), policy bernstein\n/);
    expect(r.stdout).toContain('\ntraefik.deployment.yaml\n  warning  Deployment/kube-public/traefik  spec.template.spec.containers[0].image  Traefik 1.x');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 errors, 1 warning in 19 files (schema v1.27.0, Kubernetes 1.27)');
  });

  it('exits 1 when there are errors', async () => {
    const r = await run('--k8s', '1.27', fixture('rbac-v1beta1'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 errors, 0 warnings in 1 file (schema v1.27.0, Kubernetes 1.27)');
  });

  it('prints a JSON document for tools', async () => {
    const r = await run('--format', 'json', fixture('bernstein-good'));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as CheckReport;
    expect(doc).toMatchObject({ version: '1.27', schema: 'v1.27.0', policy: null, summary: { errors: 0, warnings: 2, files: 19 } });
    expect(doc.problems.map((p) => p.rule)).toEqual(['image.floating-tag', 'ingress.traefik-v1']);
    const bad = JSON.parse((await run('--format', 'json', fixture('secret-trailing-newline'))).stdout) as CheckReport;
    expect(Object.keys(bad.problems[0]).sort()).toEqual(['field', 'file', 'message', 'object', 'rule', 'severity']);
  });

  it.each([
    [['--frobnicate'], /unknown option --frobnicate; allowed: --stack NAME, --profile NAME, --routing ingress\|gateway, --k8s VERSION, --policy NAME, --allow-modern, --format text\|json, --help$/m],
    [['--polcy', 'bernstein'], /unknown option --polcy \(did you mean --policy\?\); allowed: /],
    [['--k8s', '1.20'], /unsupported Kubernetes version "1\.20"; allowed: 1\.21, 1\.22, .*, 1\.36/],
    [['--k8s'], /--k8s needs a value \(VERSION\)/],
    [['--format', 'yaml'], /--format: unknown value "yaml"; allowed: text, json/],
    [['--policy', 'strict'], /--policy: unknown value "strict"; allowed: bernstein, restricted/],
    [['--allow-modern'], /--allow-modern only applies with --policy bernstein/],
    [['a', 'b'], /expected at most 1 folder, got 2: a b/],
    [[fixture('nope')], /cannot read manifest folder/],
  ])('exits 2 with one clear error for %j', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 for unreadable manifest paths, naming each, and still checks the other files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-unreadable-'));
    try {
      fs.copyFileSync(path.join(fixture('secret-trailing-newline'), fs.readdirSync(fixture('secret-trailing-newline'))[0]), path.join(dir, 'a.secret.yaml'));
      fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'dangling.yaml'));
      fs.mkdirSync(path.join(dir, 'folder.yaml'));
      fs.mkdirSync(path.join(dir, 'real'));
      fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'linked.yml'));
      const r = await run('--format', 'json', dir);
      expect(r.code).toBe(2);
      const report = JSON.parse(r.stdout) as CheckReport;
      expect(report.files).toEqual(['a.secret.yaml', 'dangling.yaml', 'folder.yaml', 'linked.yml']);
      expect(report.problems.filter((p) => p.file === 'a.secret.yaml').map((p) => p.rule)).toContain('secret.trailing-newline');
      const unreadable = report.problems.filter((p) => p.rule === 'path.unreadable');
      expect(unreadable.map((p) => [p.severity, p.file])).toEqual([['error', 'dangling.yaml'], ['error', 'folder.yaml'], ['error', 'linked.yml']]);
      expect(unreadable[0].message).toMatch(/^cannot read dangling\.yaml: dangling symbolic link to .*gone\.yaml/);
      expect(unreadable[1].message).toMatch(/^cannot read folder\.yaml: it is a folder, not a file/);
      expect(unreadable[2].message).toMatch(/^cannot read linked\.yml: it is a folder \(through a symbolic link\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints usage with --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--k8s VERSION');
  });
});

describe('text report', () => {
  it('groups by file and aligns severity, object and field', () => {
    const report = checkDocuments([
      { file: 'b.yaml', content: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'apps' }, data: { k: 1 } } },
      { file: 'a.yaml', content: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { PASSWORD: 'cGFzcwo=' } } },
    ]);
    expect(formatText(report)).toBe(
      [
        'Checked 2 files against Kubernetes 1.27 (schema v1.27.0)',
        '',
        'b.yaml',
        '  error    ConfigMap/apps/cm  data.k              must be string, got number 1 (quote it: "1")',
        '  warning  ConfigMap/apps/cm  metadata.namespace  namespace "apps" is neither built in nor declared by a Namespace in this folder',
        '',
        'a.yaml',
        '  warning  Secret/default/s  data.PASSWORD  decoded value ends with a newline, which becomes part of the value (encode with `echo -n … | base64`)',
        '',
        '1 error, 2 warnings in 2 files (schema v1.27.0, Kubernetes 1.27)',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to report', () => {
    const text = formatText(checkDocuments([{ file: 'a.yaml', content: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } } }]));
    expect(text).toContain('\nNo problems found.\n\n0 errors, 0 warnings in 1 file');
  });
});

describe('npm run check -- --stack NAME', () => {
  it('checks the stack\'s committed folder with the stack\'s own policy (Bernstein: bernstein)', async () => {
    const r = await run('--stack', 'bernstein', '--format', 'json');
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.directory).toBe('dist');
    expect(report.policy).toContain('bernstein');
    expect(report.summary.errors).toBe(0);
    expect(r.code).toBe(0);
  });

  it('modern profile: its folder, the bernstein policy accepting the modern images', async () => {
    const r = await run('--stack', 'bernstein', '--profile', 'modern', '--format', 'json');
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.directory).toBe('dist-modern');
    expect(report.summary.errors).toBe(0);
    expect(r.code).toBe(0);
  });

  it('a stack without a policy gets the generic rules; DIR still overrides the folder', async () => {
    const own = JSON.parse((await run('--stack', 'smack', '--format', 'json')).stdout) as CheckReport;
    expect(own.directory).toBe('dist-smack');
    expect(own.policy).toBeNull();
    const other = JSON.parse((await run('--stack', 'smack', '--format', 'json', 'dist-lifespan')).stdout) as CheckReport;
    expect(other.directory).toBe('dist-lifespan');
  });

  it('below the stack\'s oldest Kubernetes version, says why newer fields are reported', async () => {
    const r = await run('--stack', 'smack', '--k8s', '1.24');
    expect(r.stderr).toContain('notice: stack smack is written for Kubernetes >= 1.26');
  });

  it.each([
    [['--stack', 'shop'], '--stack: unknown stack "shop"; allowed: bernstein, promotions, lifespan, smack'],
    [['--stack', 'smack', '--profile', 'modern'], '--profile: stack "smack" has no profile "modern"; allowed: spec'],
    [['--profile', 'modern'], '--profile only applies with --stack NAME'],
  ])('%j is a usage error', async (args, message) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
