// Our own committed output passes the checker: schema-valid for Kubernetes 1.24, 1.27, 1.33 and
// 1.36 (the oldest and newest of the six shipped schemas and the two between; the Gateway API
// folders below run on 1.34, 1.35 and 1.36), references resolve, and the Bernstein policy holds.
import * as path from 'path';
import { committedOutputs } from '../../src/charts/stacks';
import * as fs from 'fs';
import { check, checkDocuments, parseManifestText } from '../../src/checker';

const ROOT = path.join(__dirname, '..', '..');
const SCHEMA_VERSIONS = ['1.24', '1.27', '1.33', '1.36'];
const minor = (version: string) => Number(version.split('.')[1]);
// Every committed folder, the Gateway API routing variants included (their objects are checked
// against the shipped Gateway API CRDs).
const outputs = committedOutputs().map(({ stack, profile, routing, outdir }) => {
  const oldest = stack.checkOptions(profile, routing).minimumKubernetes;
  const versions = SCHEMA_VERSIONS.filter((v) => oldest === undefined || minor(v) >= minor(oldest));
  return { stack: stack.name, profile: routing === 'ingress' ? profile : `${profile} (routing ${routing})`, dir: path.join(ROOT, outdir), versions };
});

const errors = (report: ReturnType<typeof check>) =>
  report.problems.filter((p) => p.severity === 'error').map((p) => `${p.file} ${p.object} ${p.field}: ${p.message}`);

/**
 * The warnings our own folders deserve, by folder. The spec profile keeps the spec's hostPath
 * volume, which nothing pins to a node while poll, result and traefik ask for several nodes.
 */
const UNPINNED_POSTGRES = ['postgres.volume.yaml', 'data.unpinned-host-volume', 'PersistentVolume/postgres-pv'];
const CADVISOR_LATEST = ['cadvisor.daemonset.yaml', 'image.floating-tag', 'DaemonSet/kube-system/cadvisor'];
const TRAEFIK_V1 = ['traefik.deployment.yaml', 'ingress.traefik-v1', 'Deployment/kube-public/traefik'];
const EXPECTED_WARNINGS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  // The spec keeps its unpinned hostPath volume (npm run synth -- --data-node NODE pins it), the
  // spec's google/cadvisor:latest and Traefik 1.7, which routes nothing from Kubernetes 1.22 on;
  // modern and hardened claim a provisioned volume, which carries its own node affinity.
  dist: [CADVISOR_LATEST, UNPINNED_POSTGRES, TRAEFIK_V1],
};

/**
 * Warnings, without the `:latest` of the placeholder application images (promotions/api:latest,
 * …), which stand for the user's own build (issue 25) and are rightly called floating.
 */
const warningsOf = (report: ReturnType<typeof check>) => {
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  const placeholders = warnings.filter((p) => p.rule === 'image.floating-tag' && /"(promotions|lifespan|smack)\/[a-z-]+:latest"/.test(p.message));
  return warnings.filter((p) => !placeholders.includes(p)).map((p) => [p.file, p.rule, p.object]);
};

describe.each(outputs)('$stack / $profile', ({ dir, versions }) => {
  test.each(versions)('no error, and only the expected warnings, on Kubernetes %s (every shipped schema from the stack\'s oldest version on)', (k8s) => {
    const report = check(dir, { k8s });
    expect(errors(report)).toEqual([]);
    expect(warningsOf(report)).toEqual(EXPECTED_WARNINGS[path.basename(dir)] ?? []);
  });
});

describe('data safety', () => {
  test('the spec output gets exactly the unpinned hostPath warning, naming the volume and postgres, and exit status 0', () => {
    const report = check(path.join(ROOT, 'dist'));
    expect(report.summary.errors).toBe(0);
    const [warning] = report.problems.filter((p) => p.rule === 'data.unpinned-host-volume');
    expect(warning.message).toMatch(/^hostPath volume \/data\/postgres has no nodeAffinity, and this folder expects several nodes \(.*Deployment\/default\/poll \(2 replicas, required pod anti-affinity\).*\): when Deployment\/default\/postgres is rescheduled to another node, it starts there on an empty directory/);
  });
});

describe('Bernstein policy', () => {
  test('spec profile: no error; besides the unpinned volume, the only warning is that Traefik 1.7 routes nothing on >= 1.22 (the spec\'s cadvisor:latest is what the policy asks for)', () => {
    const report = check(path.join(ROOT, 'dist'), { k8s: '1.27', policy: 'bernstein' });
    expect(errors(report)).toEqual([]);
    expect(warningsOf(report)).toEqual([UNPINNED_POSTGRES, TRAEFIK_V1]);
  });

  test('spec profile on Kubernetes 1.21: no Traefik warning (Traefik 1.7 routes there)', () => {
    const report = check(path.join(ROOT, 'dist'), { k8s: '1.21', policy: 'bernstein' });
    expect(errors(report)).toEqual([]);
    expect(warningsOf(report)).toEqual([UNPINNED_POSTGRES]);
  });

  test('modern profile: no error and no policy warning when modern images are allowed', () => {
    const report = check(path.join(ROOT, 'dist-modern'), { k8s: '1.33', policy: 'bernstein', allowModern: true });
    expect(errors(report)).toEqual([]);
    expect(report.problems.filter((p) => p.severity === 'warning').map((p) => [p.file, p.rule, p.object])).toEqual([]);
  });
});

describe('Gateway API output', () => {
  const gatewayFolders = ['dist-modern-gateway', 'dist-hardened-gateway'].filter((d) => fs.existsSync(path.join(ROOT, d)));

  test.each(gatewayFolders)('%s: no error and no warning on Kubernetes 1.34–1.36, its HTTPRoutes validated against the shipped Gateway API CRDs', (dir) => {
    for (const k8s of ['1.34', '1.35', '1.36']) {
      const report = check(path.join(ROOT, dir), { k8s });
      expect(report.problems.filter((p) => p.severity !== 'info').map((p) => `${k8s} ${p.rule} ${p.object} ${p.field}: ${p.message}`)).toEqual([]);
    }
    // The validation is real: a misspelt field of the committed route is refused.
    const route = fs.readdirSync(path.join(ROOT, dir)).find((f) => f.endsWith('.httproute.yaml'))!;
    const text = fs.readFileSync(path.join(ROOT, dir, route), 'utf8').replace('backendRefs:', 'backendRef:');
    const broken = checkDocuments(parseManifestText(route, text).documents, { k8s: '1.36' });
    expect(broken.problems.map((p) => p.rule)).toContain('schema.unknown-field');
  });
});
