import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { BernsteinChart, Profile, renderManifests, resolveCredentials } from 'bernstein-cdk8s';
import { BERNSTEIN_DEV_CREDENTIALS } from '../../src/charts/stacks';

// The library and the CLI share one path: BernsteinChart written with writeManifests gives,
// byte for byte, the committed folders `npm run synth` writes (development credentials, as
// the committed folders use).
const ROOT = path.join(__dirname, '..', '..');
const DEVELOPMENT_CREDENTIALS = resolveCredentials(BERNSTEIN_DEV_CREDENTIALS, {}).values;

test.each([
  ['spec', 'dist'],
  ['modern', 'dist-modern'],
] as [Profile, string][])('BernsteinChart %s through renderManifests equals the committed %s/', (profile, folder) => {
  const chart = new BernsteinChart(new App({ outdir: 'unused' }), 'bernstein', { credentials: DEVELOPMENT_CREDENTIALS, profile });
  const committed = fs.readdirSync(path.join(ROOT, folder)).sort().map((f) => [f, fs.readFileSync(path.join(ROOT, folder, f), 'utf-8')]);
  expect([...renderManifests(chart)]).toEqual(committed);
});
