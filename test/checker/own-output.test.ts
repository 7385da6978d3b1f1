// Our own committed output passes the checker: schema-valid for Kubernetes 1.24, 1.27, 1.33,
// 1.34, 1.35 and 1.36 (the six shipped schemas), references resolve, and the Bernstein policy holds.
import * as path from 'path';
import { STACKS } from '../../src/charts/stacks';
import { check } from '../../src/checker';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_VERSIONS = ['1.24', '1.27', '1.33', '1.34', '1.35', '1.36'];
const minor = (version: string) => Number(version.split('.')[1]);
const outputs = STACKS.flatMap((stack) => stack.profiles.map((profile) => {
  const oldest = stack.checkOptions(profile).minimumKubernetes;
  const versions = SCHEMA_VERSIONS.filter((v) => oldest === undefined || minor(v) >= minor(oldest));
  return { stack: stack.name, profile, dir: path.join(ROOT, stack.defaultOutdir(profile)), versions };
}));

const errors = (report: ReturnType<typeof check>) =>
  report.problems.filter((p) => p.severity === 'error').map((p) => `${p.file} ${p.object} ${p.field}: ${p.message}`);

/**
 * The warnings our own folders deserve, by folder. The spec profile keeps the spec's hostPath
 * volume, which nothing pins to a node while poll, result and traefik ask for several nodes.
 */
const UNPINNED_POSTGRES = ['postgres.volume.yaml', 'data.unpinned-host-volume', 'PersistentVolume/postgres-pv'];
const EXPECTED_WARNINGS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  // The spec keeps its unpinned hostPath volume (npm run synth -- --data-node NODE pins it); modern
  // and hardened claim a provisioned volume, which carries its own node affinity.
  dist: [UNPINNED_POSTGRES],
};

describe.each(outputs)('$stack / $profile', ({ dir, versions }) => {
  test.each(versions)('no error, and only the expected warnings, on Kubernetes %s (every shipped schema from the stack\'s oldest version on)', (k8s) => {
    const report = check(dir, { k8s });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning').map((p) => [p.file, p.rule, p.object])).toEqual(EXPECTED_WARNINGS[path.basename(dir)] ?? []);
  });
});

describe('data safety', () => {
  test('the spec output gets exactly the unpinned hostPath warning, naming the volume and postgres, and exit status 0', () => {
    const report = check(path.join(ROOT, 'dist'));
    expect(report.summary.errors).toBe(0);
    const [warning] = report.problems.filter((p) => p.severity === 'warning');
    expect(warning.message).toMatch(/^hostPath volume \/data\/postgres has no nodeAffinity, and this folder expects several nodes \(.*Deployment\/default\/poll \(2 replicas, required pod anti-affinity\).*\): when Deployment\/default\/postgres is rescheduled to another node, it starts there on an empty directory/);
  });
});

describe('Bernstein policy', () => {
  test('spec profile: no error; besides the unpinned volume, the only warning is that Traefik 1.7 routes nothing on >= 1.22', () => {
    const report = check(path.join(ROOT, 'dist'), { k8s: '1.27', policy: 'bernstein' });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning').map((p) => [p.file, p.rule])).toEqual([
      UNPINNED_POSTGRES.slice(0, 2),
      ['traefik.deployment.yaml', expect.stringContaining('traefik')],
    ]);
  });

  test('spec profile on Kubernetes 1.21: no policy warning (Traefik 1.7 routes there)', () => {
    const report = check(path.join(ROOT, 'dist'), { k8s: '1.21', policy: 'bernstein' });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning').map((p) => [p.file, p.rule, p.object])).toEqual(EXPECTED_WARNINGS.dist);
  });

  test('modern profile: no error and no policy warning when modern images are allowed', () => {
    const report = check(path.join(ROOT, 'dist-modern'), { k8s: '1.33', policy: 'bernstein', allowModern: true });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning').map((p) => [p.file, p.rule, p.object])).toEqual([]);
  });
});
