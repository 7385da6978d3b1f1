import { main, parseBenchArgs } from '../../src/cli/bench';
import { runMain } from '../helpers/cli';

const ALLOWED = '--runs N, --sizes N,N,…, --skip-cdk8s-cli, --json, --help';

describe('npm run bench arguments', () => {
  test('defaults: 7 runs, sizes 10,100,1000, cdk8s CLI included, tables', () => {
    expect(parseBenchArgs([])).toEqual({ runs: 7, sizes: [10, 100, 1000], skipCdk8sCli: false, json: false });
  });

  test('every flag, sizes sorted and de-duplicated', () => {
    expect(parseBenchArgs(['--runs', '5', '--sizes', '1000, 10,100,10', '--skip-cdk8s-cli', '--json']))
      .toEqual({ runs: 5, sizes: [10, 100, 1000], skipCdk8sCli: true, json: true });
    expect(parseBenchArgs(['--runs=3', '--sizes=50'])).toMatchObject({ runs: 3, sizes: [50] });
  });

  test('--help prints the usage and runs nothing', async () => {
    const { code, stdout, stderr } = await runMain(main, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: npm run bench -- [--runs N] [--sizes 10,100,1000] [--skip-cdk8s-cli] [--json]');
    expect(stderr).toBe('');
  });

  test.each([
    [['--verbose'], `unknown option --verbose; allowed: ${ALLOWED}`],
    [['-x'], `unknown option -x; allowed: ${ALLOWED}`],
    [['extra'], `unexpected argument "extra" (this command takes only flags); allowed: ${ALLOWED}`],
    [['--runs'], `--runs needs a value (N); allowed: ${ALLOWED}`],
    [['--runs', '0'], '--runs: "0" is not a whole number from 1 to 1000'],
    [['--runs', 'abc'], '--runs: "abc" is not a whole number from 1 to 1000'],
    [['--runs', '2.5'], '--runs: "2.5" is not a whole number from 1 to 1000'],
    [['--runs', '-3'], '--runs: "-3" is not a whole number from 1 to 1000'],
    [['--runs', '--json'], `--runs needs a value (N), got the flag --json; a value starting with a dash is written --runs=--json; allowed: ${ALLOWED}`],
    [['--rusn', '3'], `unknown option --rusn (did you mean --runs?); allowed: ${ALLOWED}`],
    [['--sizes', '10,x'], '--sizes: "x" is not a whole number from 1 to 100000'],
    [['--sizes', '10,,100'], '--sizes: "10,,100" must be a comma-separated list of whole numbers'],
    [['--sizes', ''], '--sizes: "" must be a comma-separated list of whole numbers'],
    [['--sizes', '200000'], '--sizes: "200000" is not a whole number from 1 to 100000'],
    [['--json=yes'], `--json takes no value (got "yes"); give it alone: --json; allowed: ${ALLOWED}`],
  ])('%j: one clear error line, exit 2, nothing measured', async (args, message) => {
    const { code, stdout, stderr } = await runMain(main, args);
    expect(code).toBe(2);
    expect(stderr).toContain(`error: ${message}`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stdout).toBe('');
  });
});
