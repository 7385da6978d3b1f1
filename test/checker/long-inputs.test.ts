// Issue 23, "every input answered": attacker-sized strings in every place a rule reads with a
// pattern. A super-linear pattern (the old ref.statefulset-member scan ran for 10 minutes on a
// 2 MiB value) would not finish within jest's timeout; no timing is asserted. The strings repeat
// the fragments the patterns look for, without ever completing a match, which is what makes a
// backtracking pattern go quadratic.
import fc from 'fast-check';
import { checkDocuments, ManifestDocument } from '../../src/checker';
import { loadTexts } from '../../src/manifests';

// Tests poke at arbitrary manifest structure; typing every path would only add noise.
type Obj = Record<string, any>;

/** Fragments of host names, member names, quantities, base64, expansions, paths, templates. */
const FRAGMENTS = ['a-', '0.', 'kafka-1.kafka.', '.svc.cluster.', '$(', '_SERVICE_HOST', '/', 'x', '{{', 'ab==', '1.5', 'Mi', ':', '@', '_HOST', 'localhost'];

const longString = fc
  .tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom(...FRAGMENTS), fc.integer({ min: 3_000, max: 8_000 }), fc.constantFrom('', '!', 'Z', '-'))
  .map(([a, b, times, tail]) => `${(a + b).repeat(times)}${tail}`);

function folder(s: string): ManifestDocument[] {
  const podSpec: Obj = {
    containers: [{
      name: 'app',
      image: `${s}:latest`,
      env: [{ name: 'DB_HOST', value: s }, { name: 'DB_URL', value: `http://${s}` }, { name: 'X', value: `$(${s})` }, { name: s.slice(0, 300), value: s }],
      ports: [{ containerPort: 80, name: 'http' }],
      volumeMounts: [{ name: 'host', mountPath: s }],
      resources: { limits: { memory: s } },
    }],
    volumes: [{ name: 'host', hostPath: { path: s } }],
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: s, labelSelector: { matchLabels: { app: s } } }] } },
  };
  const objects: Obj[] = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: s, labels: { app: s }, annotations: { note: s } }, spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: podSpec } } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { DB_HOST: s, peers: s, 'x.json': s } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sec' }, data: { password: s } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: s }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { hostnames: [s], rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/${s}` } }] }] } },
    { apiVersion: s, kind: s, metadata: { name: 'odd' } },
  ];
  return objects.map((content, index) => ({ file: 'folder.yaml', index, content }));
}

describe('long inputs are answered', () => {
  it('every rule and policy finishes on folders whose strings are hundreds of kilobytes of near-matches', () => {
    fc.assert(
      fc.property(longString, (s) => {
        const report = checkDocuments(folder(s), { k8s: '1.36', policy: ['bernstein', 'restricted'] });
        expect(report.summary.errors).toBeGreaterThan(0);
      }),
      { numRuns: 4, seed: 23 },
    );
  });

  it('the loader finishes on a long single line, a long template-looking file and a long flow collection', () => {
    const s = 'a: b, '.repeat(10_000);
    for (const text of [`k: ${s}\n`, `{{ ${s}\n`, `[${'x, '.repeat(10_000)}]\n`, `${'{{-'.repeat(10_000)}\n`]) {
      const loaded = loadTexts([{ file: 'long.yaml', text }]);
      expect(loaded.documents.length + loaded.issues.length).toBeGreaterThan(0);
    }
  });
});
