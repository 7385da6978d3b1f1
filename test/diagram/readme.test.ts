/**
 * README.md's topology pictures must be the ones the charts draw today.
 * Red means: run `npm run diagram` and commit README.md.
 * Skipped only while README.md has no topology markers for any stack at all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { planReadmeDiagrams, readmeDiagramStacks } from '../../src/diagram';

const README = path.resolve(__dirname, '../../README.md');
const text = fs.existsSync(README) ? fs.readFileSync(README, 'utf-8') : '';
const marked = readmeDiagramStacks(text);
const whenMarked = marked.length > 0 ? test : test.skip;

describe('README.md topology pictures', () => {
  whenMarked(`match the charts for every stack with markers (${marked.join(', ') || 'none yet'}); run \`npm run diagram\` when this fails`, () => {
    const plan = planReadmeDiagrams(text);
    expect({ stale: plan.stale }).toEqual({ stale: [] });
    expect(plan.updated).toBe(text);
  });
});
