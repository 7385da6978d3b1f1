import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/diagram';
import { STACKS } from '../../src/charts/stacks';
import { stackDiagram, topologyMarkers } from '../../src/diagram';
import { runMain } from '../helpers/cli';
import { parseFlowchart } from './mermaid-lint';

const { begin, end } = topologyMarkers('bernstein');

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempReadme(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-test-'));
  tempDirs.push(dir);
  const file = path.join(dir, 'README.md');
  fs.writeFileSync(file, text);
  return file;
}

describe('npm run diagram', () => {
  test('regenerates the pictures between markers, then --check passes', async () => {
    const file = tempReadme(`# Bernstein\n\n${begin}\n${end}\n\nrest\n`);
    const first = await runMain(main, ['--readme', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('regenerated the topology picture of bernstein');
    const text = fs.readFileSync(file, 'utf-8');
    expect(text).toBe(`# Bernstein\n\n${begin}\n\`\`\`mermaid\n${stackDiagram(STACKS[0])}\`\`\`\n${end}\n\nrest\n`);
    expect(text).toContain('poll.dop.io');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['README.md']);

    const again = await runMain(main, ['--readme', file]);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('already up to date') });
    const check = await runMain(main, ['--check', '--readme', file]);
    expect(check).toMatchObject({ code: 0, stdout: expect.stringContaining('up to date (bernstein)') });
  });

  test('--check names the stale stacks, exits 1 and writes nothing', async () => {
    const stale = `${begin}\n\`\`\`mermaid\nflowchart LR\n\`\`\`\n${end}\n`;
    const file = tempReadme(stale);
    const { code, stderr } = await runMain(main, ['--check', '--readme', file]);
    expect(code).toBe(1);
    expect(stderr).toContain('topology picture stale for stack(s) bernstein; run `npm run diagram`');
    expect(fs.readFileSync(file, 'utf-8')).toBe(stale);
  });

  test('--stdout prints one stack, default the first', async () => {
    const { code, stdout } = await runMain(main, ['--stdout']);
    expect(code).toBe(0);
    expect(stdout).toBe(stackDiagram(STACKS[0]));
    expect(parseFlowchart(stdout).title).toBe('bernstein (profile spec)');
    const named = await runMain(main, ['--stdout', '--stack', 'bernstein']);
    expect(named.stdout).toBe(stdout);
  });

  test('--stack NAME [--profile P] prints that stack\'s picture for any stack and profile', async () => {
    for (const stack of STACKS) {
      for (const profile of stack.profiles) {
        const { code, stdout } = await runMain(main, ['--stack', stack.name, '--profile', profile]);
        expect(code).toBe(0);
        expect(parseFlowchart(stdout).title).toBe(`${stack.name} (profile ${profile})`);
      }
    }
  });

  test('--routing gateway draws the routes from Traefik through its HTTPRoutes, titled with the routing', async () => {
    const { code, stdout } = await runMain(main, ['--stack', 'bernstein', '--profile', 'modern', '--routing', 'gateway']);
    expect(code).toBe(0);
    const chart = parseFlowchart(stdout);
    expect(chart.title).toBe('bernstein (profile modern, routing gateway)');
    expect(stdout).toContain('c_traefik -->|"poll.dop.io (HTTPRoute)"| c_poll');
    expect(stdout).toContain('c_traefik -->|"result.dop.io (HTTPRoute)"| c_result');
  });

  test.each([
    [['--verbose'], 'unknown option --verbose; allowed: --check, --stdout, --stack NAME, --profile NAME, --routing ingress|gateway, --readme FILE, --dir DIR, --help'],
    [['--stdout', '--stack', 'nope'], '--stack: unknown value "nope"; allowed: bernstein'],
    [['--check', '--stdout'], '--check cannot be combined with --stack or --stdout'],
    [['--check', '--stack', 'smack'], '--check cannot be combined with --stack or --stdout'],
    [['--stack', 'smack', '--profile', 'modern'], '--profile: stack "smack" has no profile "modern"; allowed: spec'],
    [['--profile', 'modern'], '--profile only applies with --stack NAME'],
    [['--routing', 'gateway'], '--routing only applies with --stack NAME'],
    [['--stack', 'bernstein', '--routing', 'gateway'], '--routing: stack "bernstein" profile "spec" routes only through ingress, not "gateway"'],
    [['extra'], 'unexpected argument "extra"'],
  ])('usage error %j: exit 2, one clear line', async (args, message) => {
    const { code, stderr, stdout } = await runMain(main, args);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${message}${stderr.slice(`error: ${message}`.length)}`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });

  test.each([
    ['no markers', '# Bernstein\n', `has no topology markers for any stack (${STACKS.map((s) => s.name).join(', ')}); add the lines "<!-- topology:bernstein:begin -->"`],
    ['markers of an unknown stack', `${begin}\n${end}\n<!-- topology:gone:begin -->\n<!-- topology:gone:end -->\n`, 'unknown stack(s) "gone"; stacks: bernstein'],
    ['half a marker pair', `${begin}\n`, 'found 1 and 0'],
  ])('%s: exit 1, README untouched', async (_, text, message) => {
    const file = tempReadme(text);
    for (const args of [['--readme', file], ['--check', '--readme', file]]) {
      const { code, stderr } = await runMain(main, args);
      expect(code).toBe(1);
      expect(stderr).toContain(message);
      expect(fs.readFileSync(file, 'utf-8')).toBe(text);
    }
  });

  test('a missing README is an error', async () => {
    const { code, stderr } = await runMain(main, ['--readme', path.join(os.tmpdir(), 'no-such-dir-diagram', 'README.md')]);
    expect(code).toBe(1);
    expect(stderr).toContain('not found');
  });
});

describe('diagram --dir: any folder of manifests', () => {
  const ROOT = path.resolve(__dirname, '../..');

  test.each([['dist', 'bernstein', 'spec'], ['dist-smack-hardened', 'smack', 'hardened']])('%s draws what the construct tree of %s %s draws', async (folder, stack, profile) => {
    const { code, stdout, stderr } = await runMain(main, ['--dir', path.join(ROOT, folder)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const fromTree = stackDiagram(STACKS.find((s) => s.name === stack)!, profile);
    expect(stdout).toBe(fromTree.replace(`title: "${stack} (profile ${profile})"`, `title: "${folder}"`));
  });

  test.each([
    [['--dir', 'dist', '--check'], '--dir draws a folder; allowed with it: --stdout (not --check)'],
    [['--dir', 'no-such-folder'], '--dir "no-such-folder": no such folder; allowed: a folder of *.yaml / *.yml manifests'],
  ])('%j: exit 2, one line', async (args, message) => {
    const { code, stdout, stderr } = await runMain(main, args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${message}\n`);
  });
});
