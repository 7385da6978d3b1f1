// `npm run synth -- --image COMPONENT=REF`: a variant folder, a notice naming the overrides, and
// the placeholder notices for what is left; bad values refused before anything is written.
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/synth';
import { runMainIn } from '../helpers/cli';
import { tempFolders } from '../helpers/temp';

const NO_CREDENTIALS = { MONGO_INITDB_ROOT_USERNAME: undefined, MONGO_INITDB_ROOT_PASSWORD: undefined, MONGO_INITDB_ROOT_PASSWORD_FILE: undefined, CDK8S_OUTDIR: undefined };
const tempDir = tempFolders('synth-images-');

const synthIn = (args: string[], env: Record<string, string | undefined> = {}) => runMainIn(tempDir(), main, args, { ...NO_CREDENTIALS, ...env });

const API = 'registry.example.com/promotions-api:1.2';

test('--image writes the custom-images variant, names the overrides, and names the placeholder left', async () => {
  const r = await synthIn(['--stack', 'promotions', '--image', `api=${API}`]);
  expect(r.code).toBe(0);
  expect(r.folders).toEqual(['dist-promotions-custom-images']);
  expect(r.stdout).toBe('synthesized promotions (profile spec): 13 files in dist-promotions-custom-images/\n');
  const lines = r.stderr.split('\n');
  expect(lines).toContain(`notice: custom-images (api=${API}) output goes to dist-promotions-custom-images/ (not committed); dist-promotions/ keeps the canonical output`);
  expect(lines.filter((l) => l.includes('placeholder'))).toEqual([
    'notice: promotions/logger:latest (logger.deployment.yaml) is a placeholder no registry serves: its pods cannot start; build logger\'s image (docs/stacks.md#your-own-images says what it must provide), push it, and replace it: bernstein-cdk8s synth --stack promotions --profile spec --image logger=REGISTRY/IMAGE:TAG',
  ]);
  const deployment = fs.readFileSync(path.join(r.cwd, 'dist-promotions-custom-images', 'promotions.deployment.yaml'), 'utf8');
  expect(deployment).toContain(`image: ${API}\n`);
});

test('credentials and images together: both variants in the folder name and the notice', async () => {
  const r = await synthIn(['--stack', 'promotions', '--profile', 'hardened', '--image', `api=${API}`, '--image', 'logger=r.io/l:1'], { MONGO_INITDB_ROOT_PASSWORD: 'real-secret' });
  expect(r.code).toBe(0);
  expect(r.folders).toEqual(['dist-promotions-hardened-custom-credentials-custom-images']);
  expect(r.stderr).toContain(`notice: custom-credentials (environment: MONGO_INITDB_ROOT_PASSWORD) + custom-images (api=${API}, logger=r.io/l:1) output goes to`);
  expect(r.stderr).not.toContain('placeholder');
  expect(r.stderr).not.toContain('real-secret');
});

test('a stack without placeholders says nothing about them', async () => {
  const r = await synthIn(['--image', 'poll=me/poll:2']);
  expect(r.code).toBe(0);
  expect(r.folders).toEqual(['dist-custom-images']);
  expect(r.stderr).not.toContain('placeholder');
});

test.each<[string[], RegExp]>([
  [['--stack', 'promotions', '--image', 'apii=x'], /^error: --image apii=x: stack "promotions" has no component "apii" \(did you mean "api"\?\); allowed: api, logger, mongodb\n$/],
  [['--stack', 'promotions', '--image', 'api=Registry.example.com/Api'], /the path component "Api" is not lower-case/],
  [['--stack', 'promotions', '--image', `api=${API}`, '--outdir', 'dist-promotions'], /--outdir "dist-promotions" holds the committed output of --stack promotions --profile spec, which this request \(--stack promotions, --profile spec, --image\) would overwrite/],
  [['--stack', 'lifespan', '--image', 'backend'], /--image "backend": expected COMPONENT=REF/],
])('synth %j is refused with exit 2 and writes nothing', async (args, message) => {
  const r = await synthIn(args);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.folders).toEqual([]);
});
