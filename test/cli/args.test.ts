import { closest, parseFlags, UsageError } from '../../src/cli/args';
import { main as bench } from '../../src/cli/bench';
import { main as check } from '../../src/cli/check';
import { main as deploy } from '../../src/cli/deploy';
import { main as diagram } from '../../src/cli/diagram';
import { main as synth } from '../../src/cli/synth';
import { runMain } from '../helpers/cli';

const FLAGS = {
  stack: { type: 'string', value: 'NAME' },
  policy: { type: 'string', multiple: true, value: 'NAME' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const ALLOWED = 'allowed: --stack NAME, --policy NAME, --dry-run, --help';

const usage = (args: string[], positionals: boolean | number = false): string => {
  try {
    parseFlags(args, FLAGS, positionals);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no usage error for ${JSON.stringify(args)}`);
};

describe('parseFlags', () => {
  test('values as parseArgs gives them: the last of a flag wins, a multiple one keeps all, -h is --help', () => {
    expect(parseFlags(['--stack', 'a', '--stack=b', '--policy', 'x', '--policy=y', '--dry-run', '-h', 'dir'], FLAGS, 1)).toEqual({
      values: { stack: 'b', policy: ['x', 'y'], 'dry-run': true, help: true },
      positionals: ['dir'],
    });
    expect(parseFlags(['--', '--not-a-flag'], FLAGS, 1).positionals).toEqual(['--not-a-flag']);
  });

  test.each([
    [['--polcy', 'x'], `unknown option --polcy (did you mean --policy?); ${ALLOWED}`],
    [['--Stack=x'], `unknown option --Stack (did you mean --stack?); ${ALLOWED}`],
    [['--dryrun'], `unknown option --dryrun (did you mean --dry-run?); ${ALLOWED}`],
    [['-stack', 'x'], `unknown option -stack (did you mean --stack?); ${ALLOWED}`],
    [['--verbose'], `unknown option --verbose; ${ALLOWED}`],
    [['-x'], `unknown option -x; ${ALLOWED}`],
    [['--stack'], `--stack needs a value (NAME); ${ALLOWED}`],
    [['--stack', '--dry-run'], `--stack needs a value (NAME), got the flag --dry-run; a value starting with a dash is written --stack=--dry-run; ${ALLOWED}`],
    [['--dry-run=yes'], `--dry-run takes no value (got "yes"); give it alone: --dry-run; ${ALLOWED}`],
    [['extra'], `unexpected argument "extra" (this command takes only flags); ${ALLOWED}`],
  ])('%j: one message naming the flag and what is allowed', (args, message) => {
    expect(usage(args)).toBe(message);
  });

  test('every mistake of the line at once', () => {
    expect(usage(['--polcy', 'x', '--stack', 'a', 'b', 'c'], 1)).toBe(
      `2 problems:\n  - unknown option --polcy (did you mean --policy?)\n  - expected at most 1 folder, got 2: b c\n${ALLOWED}`,
    );
  });

  test.each([
    ['polcy', ['policy', 'profile'], 'policy'],
    ['k8', ['k8s', 'stack'], 'k8s'],
    ['storage', ['storage-class', 'stack'], 'storage-class'],
    ['frobnicate', ['policy', 'profile'], undefined],
    ['x', ['k8s'], undefined],
  ])('closest(%s) = %s', (typed, names, expected) => {
    expect(closest(typed, names)).toBe(expected);
  });
});

describe('one answer to a mistyped flag in every command: exit 2, the suggestion, nothing on stdout', () => {
  test.each([
    ['synth', synth, ['--profle', 'modern'], '--profile'],
    ['check', check, ['--polcy', 'bernstein'], '--policy'],
    ['deploy', (args: string[]) => deploy(args, { env: {}, cwd: '/nonexistent', io: { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) } }), ['--dry-rn'], '--dry-run'],
    ['diagram', diagram, ['--stak', 'smack'], '--stack'],
    ['bench', bench, ['--rusn', '3'], '--runs'],
  ])('%s', async (_, main, args, flag) => {
    const { code, stdout, stderr } = await runMain(main, args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^error: unknown option ${args[0]} \\(did you mean ${flag}\\?\\); allowed: --[a-z]`));
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
