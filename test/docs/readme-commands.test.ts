// README with no mismatch: the commands table names every flag each command takes, and
// "Credentials" every variable each stack reads, which the credential notices point to.
import * as fs from 'fs';
import * as path from 'path';
import { OPTIONS as benchOptions } from '../../src/cli/bench';
import { OPTIONS as checkOptions } from '../../src/cli/check';
import { OPTIONS as deployOptions } from '../../src/cli/deploy';
import { OPTIONS as diagramOptions } from '../../src/cli/diagram';
import { OPTIONS as synthOptions } from '../../src/cli/synth';
import { BERNSTEIN_DEV_CREDENTIALS, LIFESPAN_DEV_CREDENTIALS, PROMOTIONS_DEV_CREDENTIALS } from '../../src/charts/stacks';
import { defaultedNotice } from '../../src/config/credentials';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf-8');

/** The text of a `## Title` section, up to the next heading of the same level. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect(start).toBeGreaterThan(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

test.each([
  ['synth', synthOptions],
  ['check', checkOptions],
  ['deploy', deployOptions],
  ['diagram', diagramOptions],
  ['bench', benchOptions],
] as const)('the commands table names every flag of %s', (command, options) => {
  const row = README.split('\n').find((line) => line.startsWith(`| \`npm run ${command}`));
  expect(row).toBeDefined();
  const usage = row!.split('` |')[0];
  const missing = Object.keys(options).filter((flag) => flag !== 'help' && !new RegExp(`--${flag}(?![a-z-])`).test(usage));
  expect(missing).toEqual([]);
});

test('"Credentials" names every variable of every stack (and its _FILE form), which the notice points to', () => {
  const credentials = section('Credentials');
  for (const sources of [BERNSTEIN_DEV_CREDENTIALS, PROMOTIONS_DEV_CREDENTIALS, LIFESPAN_DEV_CREDENTIALS]) {
    for (const source of Object.values(sources) as { envVar: string; developmentDefault: string; fileVariant?: boolean }[]) {
      expect(credentials).toContain(`\`${source.envVar}\``);
      expect(credentials).toContain(`\`${source.developmentDefault}\``);
      if (source.fileVariant) expect(credentials).toContain(`\`${source.envVar}_FILE\``);
    }
  }
  expect(defaultedNotice(['MYSQL_USER'])).toContain('README "Credentials"');
});
