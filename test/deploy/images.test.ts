// deploy --image / placeholder images: the variant folder it plans, and the deploy it refuses.
import * as fs from 'fs';
import * as path from 'path';
import { runDeploy, synthFolder, useDeployProject } from './helpers';

const project = useDeployProject();
const API = 'registry.example.com/promotions-api:1.2';
const LOGGER = 'registry.example.com/promotions-logger:1.2';
const NO_CREDENTIALS = { MONGO_INITDB_ROOT_USERNAME: undefined, MONGO_INITDB_ROOT_PASSWORD: undefined };

test('--image with --dry-run plans the variant folder, whose Deployments run those images and nothing else changes', async () => {
  const { root, log } = project;
  synthFolder(path.join(root, 'dist-promotions'), 'promotions');
  const r = await runDeploy(['--stack', 'promotions', '--image', `api=${API}`, '--image', `logger=${LOGGER}`, '--dry-run'], { cwd: root, log, env: NO_CREDENTIALS });
  expect(r.code).toBe(0);
  expect(r.calls).toEqual([]);
  expect(r.stdout).toContain(`synthesized custom-images (api=${API}, logger=${LOGGER}) manifests into dist-promotions-custom-images/ (not committed)`);
  const applied = [...r.stdout.matchAll(/ -f (\S+)/g)].map((m) => m[1]);
  expect(applied.length).toBe(13);
  for (const file of applied) expect(file.startsWith('dist-promotions-custom-images/')).toBe(true);
  expect(r.stderr).not.toContain('placeholder');

  const variant = path.join(root, 'dist-promotions-custom-images');
  const canonical = path.join(root, 'dist-promotions');
  expect(fs.readdirSync(variant).sort()).toEqual(fs.readdirSync(canonical).sort());
  const differing = fs.readdirSync(variant).filter((f) => fs.readFileSync(path.join(variant, f), 'utf8') !== fs.readFileSync(path.join(canonical, f), 'utf8'));
  expect(differing.sort()).toEqual(['logger.deployment.yaml', 'promotions.deployment.yaml']);
  const lineDiff = (file: string) => {
    const a = fs.readFileSync(path.join(canonical, file), 'utf8').split('\n');
    const b = fs.readFileSync(path.join(variant, file), 'utf8').split('\n');
    expect(b.length).toBe(a.length);
    return a.flatMap((line, i) => (line === b[i] ? [] : [`${line.trim()} -> ${b[i].trim()}`]));
  };
  expect(lineDiff('promotions.deployment.yaml')).toEqual([`image: promotions/api:latest -> image: ${API}`]);
  expect(lineDiff('logger.deployment.yaml')).toEqual([`image: promotions/logger:latest -> image: ${LOGGER}`]);
});

test('--image apii=x is refused naming api, before anything is written or run', async () => {
  const { root, log } = project;
  const r = await runDeploy(['--stack', 'promotions', '--image', 'apii=x'], { cwd: root, log });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('error: --image apii=x: stack "promotions" has no component "apii" (did you mean "api"?); allowed: api, logger, mongodb');
  expect(r.calls).toEqual([]);
  expect(fs.readdirSync(root).filter((f) => f.startsWith('dist-promotions'))).toEqual([]);
});

test('--image and --dir are refused together (the images are synthesized into their own folder)', async () => {
  const { root, log } = project;
  const r = await runDeploy(['--stack', 'promotions', '--image', `api=${API}`, '--dir', 'dist'], { cwd: root, log });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('allowed: --image or --dir, not both');
});

describe('a folder that still runs placeholder images', () => {
  test('is not deployed: exit 1 before any kubectl call, naming each image and the one command with --image for each', async () => {
    const { root, log } = project;
    synthFolder(path.join(root, 'dist-promotions'), 'promotions');
    const r = await runDeploy(['--stack', 'promotions'], { cwd: root, log });
    expect(r.code).toBe(1);
    expect(r.calls).toEqual([]);
    const lines = r.stderr.split('\n');
    expect(lines.filter((l) => l.startsWith('notice: promotions/'))).toEqual([
      expect.stringMatching(/^notice: promotions\/api:latest \(promotions.deployment.yaml\) is a placeholder no registry serves: .*replace it: bernstein-cdk8s deploy --stack promotions --profile spec --image api=REGISTRY\/IMAGE:TAG$/),
      expect.stringMatching(/^notice: promotions\/logger:latest \(logger.deployment.yaml\) is a placeholder no registry serves: .*--image logger=REGISTRY\/IMAGE:TAG$/),
    ]);
    expect(lines).toContain('error: dist-promotions runs 2 placeholder image(s) no registry serves (promotions/api:latest, promotions/logger:latest): their pods could never start');
    expect(lines).toContain('  deploy your own images: bernstein-cdk8s deploy --stack promotions --profile spec --image api=REGISTRY/IMAGE:TAG --image logger=REGISTRY/IMAGE:TAG; or go on anyway (those pods will not start) with --allow-placeholder-images');
    expect(lines).toContain('  nothing was applied.');
  });

  test('one placeholder replaced, the other still refused; --allow-placeholder-images goes on', async () => {
    const { root, log } = project;
    const partly = await runDeploy(['--stack', 'smack', '--image', 'spark=apache/spark:3.5.4'], { cwd: root, log });
    expect(partly.code).toBe(1);
    expect(partly.stderr).toContain('error: dist-smack-custom-images runs 1 placeholder image(s) no registry serves (smack/ingest:latest)');
    expect(partly.calls).toEqual([]);
    const anyway = await runDeploy(['--stack', 'smack', '--image', 'spark=apache/spark:3.5.4', '--allow-placeholder-images'], { cwd: root, log });
    expect(anyway.code).toBe(0);
    expect(anyway.calls.filter((c) => c[0] === 'apply').flatMap((c) => c.filter((a) => a.endsWith('.yaml'))).every((f) => f.startsWith('dist-smack-custom-images/'))).toBe(true);
  });

  test('with --image for every placeholder, the deploy applies the variant folder', async () => {
    const { root, log } = project;
    const r = await runDeploy(['--stack', 'lifespan', '--image', 'backend=r.io/lifespan/backend:1', '--image', 'frontend=r.io/lifespan/frontend:1'], { cwd: root, log });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('placeholder');
    const files = r.calls.filter((c) => c[0] === 'apply').flatMap((c) => c.filter((a) => a.endsWith('.yaml')));
    expect(files.length).toBe(fs.readdirSync(path.join(root, 'dist-lifespan-custom-images')).length);
    expect(files.every((f) => f.startsWith('dist-lifespan-custom-images/'))).toBe(true);
  });
});

test('any folder given with --dir alone is checked against every stack\'s placeholders', async () => {
  const { root, log } = project;
  synthFolder(path.join(root, 'copy'), 'smack');
  const r = await runDeploy(['--dir', 'copy'], { cwd: root, log });
  expect(r.code).toBe(1);
  expect(r.calls).toEqual([]);
  expect(r.stderr).toContain('error: copy runs 1 placeholder image(s) no registry serves (smack/ingest:latest)');
  expect(r.stderr).toContain('deploy your own images: bernstein-cdk8s deploy --stack smack --image ingest=REGISTRY/IMAGE:TAG;');
  const dry = await runDeploy(['--dir', 'copy', '--dry-run'], { cwd: root, log });
  expect(dry.code).toBe(0);
  expect(dry.stderr).toContain('note: without --dry-run this deploy stops before applying anything: copy runs 1 placeholder image(s)');
  const anyway = await runDeploy(['--dir', 'copy', '--allow-placeholder-images'], { cwd: root, log });
  expect(anyway.code).toBe(0);
});
