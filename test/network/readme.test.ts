/**
 * README.md's flow tables must be the ones the hardened charts declare today.
 * Red means: run `npm run diagram` and commit README.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/diagram';
import { runMain } from '../helpers/cli';
import { STACKS } from '../../src/charts/stacks';
import { planReadmeFlows, stackFlowTable } from '../../src/network/readme';

const README = path.resolve(__dirname, '../../README.md');
const text = fs.readFileSync(README, 'utf-8');

describe('README.md flow tables', () => {
  test('exist for every stack and match the charts; run `npm run diagram` when this fails', () => {
    const plan = planReadmeFlows(text);
    expect(plan.marked).toEqual(STACKS.map((s) => s.name));
    expect({ stale: plan.stale }).toEqual({ stale: [] });
    expect(plan.updated).toBe(text);
  });

  test('a stale table is reported and regenerated; everything around it is kept', () => {
    const bernstein = STACKS[0];
    const table = stackFlowTable(bernstein);
    const stale = `intro\n<!-- flows:${bernstein.name}:begin -->\n| old |\n<!-- flows:${bernstein.name}:end -->\noutro`;
    const plan = planReadmeFlows(stale);
    expect(plan.stale).toEqual([bernstein.name]);
    expect(plan.updated).toBe(`intro\n<!-- flows:${bernstein.name}:begin -->\n${table}\n<!-- flows:${bernstein.name}:end -->\noutro`);
    expect(planReadmeFlows(plan.updated).stale).toEqual([]);
  });

  test('the Bernstein table names the declared flows and no others', () => {
    const table = stackFlowTable(STACKS[0]);
    expect(table).toContain('| default/poll | default/redis | 6379/TCP |');
    expect(table).toContain('| kube-public/traefik | default/poll | 80/TCP |');
    expect(table).not.toMatch(/default\/poll \| default\/postgres/);
    expect(table).not.toMatch(/default\/result \| default\/redis/);
  });

  test('markers of an unknown stack, or a missing end marker, are refused naming the stack', () => {
    expect(() => planReadmeFlows('<!-- flows:nope:begin -->\n<!-- flows:nope:end -->')).toThrow(/"nope"/);
    expect(() => planReadmeFlows('<!-- flows:smack:begin -->\n')).toThrow(/stack "smack"/);
  });
});

describe('npm run diagram and the flow tables', () => {
  test('--check fails naming a stale flow table; the default run regenerates it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-'));
    try {
      const readme = path.join(dir, 'README.md');
      // The real README with the smack table emptied: its pictures are current, one table is not.
      fs.writeFileSync(readme, text.replace(/(<!-- flows:smack:begin -->\n)[\s\S]*?(<!-- flows:smack:end -->)/, '$1$2'));
      const checked = await runMain(main, ['--check', '--readme', readme]);
      expect(checked.code).toBe(1);
      expect(checked.stderr).toContain('smack (flows)');
      const regenerated = await runMain(main, ['--readme', readme]);
      expect(regenerated.code).toBe(0);
      expect(fs.readFileSync(readme, 'utf-8')).toBe(text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
