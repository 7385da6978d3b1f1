import { spawnSync } from 'child_process';
import * as path from 'path';
import { npmSwallowedFlags } from '../../src/cli/args';
import { main as check } from '../../src/cli/check';
import { parseBenchArgs } from '../../src/cli/bench';
import { main as deploy } from '../../src/cli/deploy';
import { main as diagram } from '../../src/cli/diagram';
import { main as synth } from '../../src/cli/synth';
import { runMain } from '../helpers/cli';

const SYNTH_OPTIONS = { stack: { type: 'string' }, profile: { type: 'string' }, 'single-node': { type: 'boolean' }, outdir: { type: 'string' } } as const;

describe('flags typed without `--` (npm keeps them as npm_config_*)', () => {
  test.each<[string, string[], Record<string, string>, string]>([
    ['a string flag: its value arrived as a bare argument', ['modern'], { npm_config_profile: 'true' }, 'npm run synth -- --profile modern'],
    ['a boolean flag', [], { npm_config_single_node: 'true' }, 'npm run synth -- --single-node'],
    ['`--flag=value`: npm keeps the value', [], { npm_config_outdir: '/tmp/my out' }, `npm run synth -- --outdir '/tmp/my out'`],
    ['several, with flags that did arrive kept', ['modern', '--stack', 'bernstein'], { npm_config_profile: 'true', npm_config_single_node: 'true' }, 'npm run synth -- --profile modern --single-node --stack bernstein'],
  ])('%s', (_, args, config, command) => {
    const message = npmSwallowedFlags(args, SYNTH_OPTIONS, { npm_lifecycle_event: 'synth', ...config });
    expect(message).toMatch(/^npm took --[a-z-]+(, --[a-z-]+)* for itself \(flags after `npm run synth` need a `--` before them\); type: /);
    expect(message!.endsWith(`type: ${command}`)).toBe(true);
  });

  test.each<[string, string[], Record<string, string>]>([
    ['not run by npm', ['modern'], { npm_config_profile: 'true' }],
    ['npm settings that are not our flags', [], { npm_lifecycle_event: 'synth', npm_config_yes: 'true', npm_config_cache: '/root/.npm' }],
    ['a flag set to false in npm config', [], { npm_lifecycle_event: 'synth', npm_config_single_node: 'false' }],
    ['the flag also arrived properly', ['--profile', 'modern'], { npm_lifecycle_event: 'synth', npm_config_profile: 'true' }],
  ])('nothing to say when %s', (_, args, env) => {
    expect(npmSwallowedFlags(args, SYNTH_OPTIONS, env)).toBeUndefined();
  });

  test('synth: one error line with the command to type, exit 2, nothing written', async () => {
    const { code, stdout, stderr } = await runMain(synth, ['modern'], { npm_lifecycle_event: 'synth', npm_config_profile: 'true' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: npm took --profile for itself (flags after `npm run synth` need a `--` before them); type: npm run synth -- --profile modern\n');
  });

  test('check: the folder argument stays after the recovered flag', async () => {
    const { code, stderr } = await runMain(check, ['1.21', 'dist-modern'], { npm_lifecycle_event: 'check', npm_config_k8s: 'true' });
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe('error: npm took --k8s for itself (flags after `npm run check` need a `--` before them); type: npm run check -- --k8s 1.21 dist-modern');
  });

  test('deploy: a swallowed --dry-run is reported before anything runs', async () => {
    const saved = { event: process.env.npm_lifecycle_event, dryRun: process.env.npm_config_dry_run };
    process.env.npm_lifecycle_event = 'deploy';
    process.env.npm_config_dry_run = 'true';
    const lines: string[] = [];
    const io = { stdout: (s: string) => lines.push(s), stderr: (s: string) => lines.push(s) };
    try {
      const code = await deploy([], { env: {}, cwd: '/nonexistent', io });
      expect(code).toBe(2);
      expect(lines.join('')).toBe('error: npm took --dry-run for itself (flags after `npm run deploy` need a `--` before them); type: npm run deploy -- --dry-run\n');
    } finally {
      for (const [key, value] of [['npm_lifecycle_event', saved.event], ['npm_config_dry_run', saved.dryRun]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  test('diagram: a swallowed --check', async () => {
    const { code, stderr } = await runMain(diagram, [], { npm_lifecycle_event: 'diagram', npm_config_check: 'true' });
    expect(code).toBe(2);
    expect(stderr).toBe('error: npm took --check for itself (flags after `npm run diagram` need a `--` before them); type: npm run diagram -- --check\n');
  });

  test('bench: --json is also an npm setting, and still recognised', async () => {
    const { stderr } = await runMain(async (args) => {
      try {
        parseBenchArgs(args);
        return 0;
      } catch (err) {
        process.stderr.write((err as Error).message);
        return 2;
      }
    }, ['5'], { npm_lifecycle_event: 'bench', npm_config_json: 'true', npm_config_runs: 'true' });
    expect(stderr).toContain('type: npm run bench -- --runs 5 --json');
  });

  test('through real npm: `npm run synth --profile modern` answers with the command to type', () => {
    const root = path.resolve(__dirname, '../..');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
    const result = spawnSync('npm', ['run', '--silent', 'synth', '--profile', 'modern'], { cwd: root, env, encoding: 'utf-8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('error: npm took --profile for itself (flags after `npm run synth` need a `--` before them); type: npm run synth -- --profile modern\n');
  });
});
