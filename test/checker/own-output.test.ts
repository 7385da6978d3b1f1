// Our own committed output passes the checker: schema-valid for Kubernetes 1.24, 1.27 and 1.33
// (the three shipped schemas), references resolve, and the Bernstein policy holds.
import * as path from 'path';
import { STACKS } from '../../src/charts/stacks';
import { check } from '../../src/checker';

const ROOT = path.join(__dirname, '..', '..');
const outputs = STACKS.flatMap((stack) => stack.profiles.map((profile) => ({ stack: stack.name, profile, dir: path.join(ROOT, stack.defaultOutdir(profile)) })));

const errors = (report: ReturnType<typeof check>) =>
  report.problems.filter((p) => p.severity === 'error').map((p) => `${p.file} ${p.object} ${p.field}: ${p.message}`);

describe.each(outputs)('$stack / $profile', ({ dir }) => {
  test.each(['1.24', '1.27', '1.33'])('no error and no warning on Kubernetes %s', (k8s) => {
    const report = check(dir, { k8s });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });
});

describe('Bernstein policy', () => {
  test('spec profile: no error; the only warning is that Traefik 1.7 routes nothing on >= 1.22', () => {
    const report = check(path.join(ROOT, 'dist'), { k8s: '1.27', policy: 'bernstein' });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning').map((p) => [p.file, p.rule])).toEqual([['traefik.deployment.yaml', expect.stringContaining('traefik')]]);
  });

  test('spec profile on Kubernetes 1.21: no warning at all (Traefik 1.7 routes there)', () => {
    const report = check(path.join(ROOT, 'dist'), { k8s: '1.21', policy: 'bernstein' });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });

  test('modern profile: no error and no warning when modern images are allowed', () => {
    const report = check(path.join(ROOT, 'dist-modern'), { k8s: '1.33', policy: 'bernstein', allowModern: true });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning')).toEqual([]);
  });
});
