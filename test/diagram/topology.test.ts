import { STACKS } from '../../src/charts/stacks';
import { Postgres } from '../../src/constructs/postgres';
import { Redis } from '../../src/constructs/redis';
import { Traefik } from '../../src/constructs/traefik';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { deriveTopology, fileComponent, stackDiagram, topologyMermaid } from '../../src/diagram';
import { layoutChart, ManifestFile } from '../../src/output/layout';
import { synthesize } from '../../src/synth';
import { testChart } from '../helpers/chart';
import { edgeStrings, nodeNamed, parseFlowchart } from './mermaid-lint';

const CREDENTIALS = { user: 'u', password: 'p', database: 'd' };

function bernstein(profile: 'spec' | 'modern' = 'spec'): string {
  return topologyMermaid(synthesize({ profile, env: {} }).files);
}

describe('topologyMermaid on Bernstein', () => {
  const text = bernstein();
  const chart = parseFlowchart(text);

  test('is a structurally valid flowchart LR', () => {
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(chart.edges.length).toBeGreaterThan(0);
  });

  test('one subgraph per namespace, each component in its own', () => {
    expect([...chart.subgraphs.values()].map((s) => s.label)).toEqual(['namespace default', 'namespace kube-public', 'namespace kube-system']);
    const namespaceOf = (name: string): string => chart.subgraphs.get(nodeNamed(chart, name).subgraph!)!.label;
    for (const name of ['poll', 'worker', 'result', 'redis', 'postgres']) expect(namespaceOf(name)).toBe('namespace default');
    expect(namespaceOf('traefik')).toBe('namespace kube-public');
    expect(namespaceOf('cadvisor')).toBe('namespace kube-system');
  });

  test('components show their workload kind and replicas', () => {
    const labels = ['poll', 'worker', 'result', 'redis', 'postgres', 'traefik', 'cadvisor'].map((n) => nodeNamed(chart, n).label);
    expect(labels).toEqual([
      'poll\nDeployment ×2',
      'worker\nDeployment ×1',
      'result\nDeployment ×2',
      'redis\nDeployment ×1',
      'postgres\nDeployment ×1',
      'traefik\nDeployment ×2',
      'cadvisor\nDaemonSet',
    ]);
    expect(text).toContain('"poll<br/>Deployment ×2"');
  });

  test('data flow is derived from whose ConfigMap/Secret each component reads', () => {
    const flows = edgeStrings(chart, '-->').filter((e) => !e.startsWith('user ') && !e.startsWith('traefik '));
    expect(flows.sort()).toEqual(['poll --> redis', 'result --> postgres', 'worker --> postgres', 'worker --> redis']);
  });

  test('Ingress routes go from traefik (the NodePort controller on port 80) to the routed components, labelled with the host', () => {
    expect(edgeStrings(chart, '-->').filter((e) => e.startsWith('traefik '))).toEqual([
      'traefik --> poll [poll.dop.io]',
      'traefik --> result [result.dop.io]',
    ]);
  });

  test('node ports come from an outside user node', () => {
    expect(nodeNamed(chart, 'user / node ports')).toMatchObject({ shape: 'outside', subgraph: undefined });
    expect(edgeStrings(chart).filter((e) => e.startsWith('user '))).toEqual(['user / node ports --> traefik [:30021 / :30042]']);
  });

  test('ConfigMaps and Secrets have their own shapes and dashed edges to the components that use them', () => {
    expect(nodeNamed(chart, 'redis-config')).toMatchObject({ shape: 'configmap', label: 'redis-config\nConfigMap' });
    expect(nodeNamed(chart, 'postgres-config').shape).toBe('configmap');
    expect(nodeNamed(chart, 'postgres-secret')).toMatchObject({ shape: 'secret', label: 'postgres-secret\nSecret' });
    expect(edgeStrings(chart, '-.->').sort()).toEqual([
      'postgres-config -.-> postgres',
      'postgres-config -.-> result',
      'postgres-config -.-> worker',
      'postgres-secret -.-> postgres',
      'postgres-secret -.-> result',
      'postgres-secret -.-> worker',
      'redis-config -.-> poll',
      'redis-config -.-> worker',
    ]);
  });

  test('the claim is a cylinder attached to postgres with its mount path', () => {
    expect(nodeNamed(chart, 'postgres-pvc')).toMatchObject({ shape: 'volume', label: 'postgres-pvc\nPVC 1Gi' });
    expect(edgeStrings(chart, '---')).toEqual(['postgres --- postgres-pvc [/var/lib/postgresql/data]']);
  });

  test('the modern profile draws the same topology', () => {
    const modern = parseFlowchart(bernstein('modern'));
    expect(edgeStrings(modern).sort()).toEqual(edgeStrings(chart).sort());
  });

  test('a title becomes front matter', () => {
    const titled = parseFlowchart(topologyMermaid(synthesize({ env: {} }).files, { title: 'bernstein: "spec"' }));
    expect(titled.title).toBe('bernstein: "spec"');
    expect(titled.edges).toEqual(chart.edges);
  });
});

describe('determinism', () => {
  test('two runs give the same text', () => {
    expect(bernstein()).toBe(bernstein());
    // stackDiagram draws each stack once per process: what it returns is a fresh synth's picture.
    expect(stackDiagram(STACKS[0])).toBe(topologyMermaid(synthesize({ env: {} }).files, { title: 'bernstein (profile spec)' }));
  });

  test('the order of files and documents does not matter', () => {
    const files = synthesize({ env: {} }).files;
    const shuffled: ManifestFile[] = [...files].reverse().map((f) => ({ fileName: f.fileName, documents: [...f.documents].reverse() }));
    expect(topologyMermaid(shuffled)).toBe(topologyMermaid(files));
  });

  test('the environment does not matter (credentials are not drawn)', () => {
    const other = topologyMermaid(synthesize({ env: { POSTGRES_USER: 'alice', POSTGRES_PASSWORD: 'x', POSTGRES_DB: 'polls' } }).files);
    expect(other).toBe(bernstein());
  });
});

describe.each(STACKS.flatMap((stack) => stack.profiles.map((profile) => [stack.name, profile] as const)))('stack %s, profile %s', (stack, profile) => {
  test('draws a valid picture with every component of the chart', () => {
    const { files } = synthesize({ stack, profile, env: {} });
    const chart = parseFlowchart(topologyMermaid(files, { title: stack }));
    const drawn = new Set([...chart.nodes.values()].map((n) => n.label.split('\n')[0]));
    const withWorkloads = files.filter((f) => /\.(deployment|daemonset|statefulset|job|cronjob)\.yaml$/.test(f.fileName)).map((f) => fileComponent(f.fileName));
    for (const component of withWorkloads) expect(drawn).toContain(component);
    // No stray box: a component box shows a workload or has an arrow (the hardened profiles'
    // namespace component, holding only its Namespace and policies, is not drawn on its own).
    const topology = deriveTopology(files);
    const stray = topology.nodes.filter((n) => n.shape === 'component' && n.lines.length === 1 && !topology.edges.some((e) => e.from === n.key || e.to === n.key));
    expect(stray.map((n) => n.key)).toEqual([]);
  });
});

describe('the picture follows the chart', () => {
  test('renamed components, another controller and other node ports', () => {
    const chart = testChart();
    const queue = new Redis(chart, 'Queue', { name: 'queue' });
    const db = new Postgres(chart, 'Db', { name: 'db', credentials: CREDENTIALS });
    const edge = new Traefik(chart, 'Edge', { name: 'edge', namespace: 'ingress', httpNodePort: 31080, dashboard: 'unauthenticated', dashboardNodePort: 31808 });
    new StatelessApp(chart, 'Voter', { name: 'voter', image: 'v:1', port: 80, env: queue.connectionEnv(), route: { host: 'vote.example', controller: edge } });
    new StatelessApp(chart, 'Tally', { name: 'tally', image: 't:1', replicas: 3, env: [...queue.connectionEnv(), ...db.connectionEnv()] });
    const text = topologyMermaid(layoutChart(chart));
    const parsed = parseFlowchart(text);
    expect(edgeStrings(parsed, '-->').sort()).toEqual([
      'edge --> voter [vote.example]',
      'tally --> db',
      'tally --> queue',
      'user / node ports --> edge [:31080 / :31808]',
      'voter --> queue',
    ]);
    expect(nodeNamed(parsed, 'tally').label).toBe('tally\nDeployment ×3');
    expect([...parsed.subgraphs.values()].map((s) => s.label)).toEqual(['namespace default', 'namespace ingress']);
    expect(text).not.toMatch(/\b(poll|redis|postgres|traefik)\b/);
  });

  test('an HTTPRoute is drawn from the controller of its Gateway, or from a "gateway controller" outside the chart', () => {
    const route = (gateway: { name: string; namespace: string }) => ({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'shop', namespace: 'apps' },
      spec: { parentRefs: [gateway], hostnames: ['shop.example', 'www.shop.example'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'shop', port: 8080 }] }] },
    });
    const service = { fileName: 'shop.service.yaml', documents: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'shop', namespace: 'apps' }, spec: { ports: [{ port: 8080 }] } }] };
    const outside = parseFlowchart(topologyMermaid([service, { fileName: 'shop.httproute.yaml', documents: [route({ name: 'public', namespace: 'infra' })] }]));
    expect(edgeStrings(outside).sort()).toEqual(['gateway controller --> shop [shop.example/api (HTTPRoute)]', 'gateway controller --> shop [www.shop.example/api (HTTPRoute)]']);
    const chart = testChart();
    const edge = new Traefik(chart, 'Edge', { name: 'edge', namespace: 'infra', routing: 'gateway' });
    new StatelessApp(chart, 'Shop', { name: 'shop', namespace: 'apps', image: 's:1', port: 8080, route: { host: 'shop.example', path: '/api', controller: edge } });
    expect(edgeStrings(parseFlowchart(topologyMermaid(layoutChart(chart)))).filter((e) => e.includes('HTTPRoute'))).toEqual(['edge --> shop [shop.example/api (HTTPRoute)]']);
  });

  test('without a NodePort controller, routes come from an "ingress controller" node', () => {
    const chart = testChart();
    new StatelessApp(chart, 'Site', { name: 'site', image: 's:1', port: 8080, route: { host: 'site.example', controller: { ingressClass: 'nginx' }, path: '/app' } });
    const parsed = parseFlowchart(topologyMermaid(layoutChart(chart)));
    expect(edgeStrings(parsed)).toEqual(['ingress controller --> site [site.example/app]']);
    expect(nodeNamed(parsed, 'ingress controller').subgraph).toBeUndefined();
  });

  test('envFrom, projected and secret volumes, StatefulSet claim templates and references outside the chart', () => {
    const files: ManifestFile[] = [
      { fileName: 'settings.configmap.yaml', documents: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: {} }] },
      { fileName: 'settings.service.yaml', documents: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'settings', namespace: 'apps' }, spec: { ports: [{ port: 80 }] } }] },
      { fileName: 'store.secret.yaml', documents: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'store-tls', namespace: 'apps' } }] },
      { fileName: 'store.statefulset.yaml', documents: [{
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'store', namespace: 'apps' },
        spec: {
          replicas: 3,
          template: { spec: { containers: [{ name: 'c', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '5Gi' } } } }],
        },
      }] },
      { fileName: 'api.deployment.yaml', documents: [{
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'apps' },
        spec: { template: { spec: {
          initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'settings' } }] }],
          containers: [{ name: 'api', envFrom: [{ secretRef: { name: 'external-creds' } }], volumeMounts: [{ name: 'certs', mountPath: '/certs' }] }],
          volumes: [
            { name: 'certs', projected: { sources: [{ secret: { name: 'store-tls' } }] } },
            { name: 'cache', persistentVolumeClaim: { claimName: 'cache' } },
          ],
        } } },
      }] },
      { fileName: 'jobs.cronjob.yaml', documents: [{
        apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'apps' },
        spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'j' }], volumes: [{ name: 's', secret: { secretName: 'store-tls' } }] } } } } },
      }] },
      { fileName: 'cluster.rbac.yaml', documents: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'x' } }] },
    ];
    const parsed = parseFlowchart(topologyMermaid(files));
    expect(nodeNamed(parsed, 'store').label).toBe('store\nStatefulSet ×3');
    expect(nodeNamed(parsed, 'jobs').label).toBe('jobs\nCronJob nightly');
    expect(nodeNamed(parsed, 'data')).toMatchObject({ shape: 'volume', label: 'data\nPVC per pod 5Gi' });
    expect(nodeNamed(parsed, 'external-creds')).toMatchObject({ shape: 'secret', label: 'external-creds\nSecret (not in chart)' });
    expect(nodeNamed(parsed, 'cache')).toMatchObject({ shape: 'volume', label: 'cache\nPVC (not in chart)' });
    expect(() => nodeNamed(parsed, 'cluster')).toThrow('found 0');
    expect(edgeStrings(parsed).sort()).toEqual([
      'api --- cache',
      'api --> settings',
      'api --> store',
      'external-creds -.-> api',
      'jobs --> store',
      'settings -.-> api',
      'store --- data [/data]',
      'store-tls -.-> api',
      'store-tls -.-> jobs',
    ]);
  });

  test('ids are sanitized and distinct even when names collide after sanitizing; labels are escaped', () => {
    const deployment = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 1, template: { spec: { containers: [] } } } });
    const files: ManifestFile[] = [
      { fileName: 'a-b.deployment.yaml', documents: [deployment('a-b')] },
      { fileName: 'a_b.deployment.yaml', documents: [deployment('a_b')] },
      { fileName: 'end.deployment.yaml', documents: [deployment('end')] },
      { fileName: 'q.ingress.yaml', documents: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'q' }, spec: { rules: [{ host: 'x"|<y>#', http: { paths: [{ path: '/', backend: { service: { name: 'a-b' } } }] } }] } }] },
    ];
    const parsed = parseFlowchart(topologyMermaid(files));
    // The lint refuses an id declared twice; the three workloads keep three distinct ids.
    expect(new Set(['a-b', 'a_b', 'end'].map((name) => nodeNamed(parsed, name).id)).size).toBe(3);
    expect(edgeStrings(parsed)).toEqual(['ingress controller --> q [x"|<y>#]']);
  });

  test('the lint rejects what Mermaid would not read', () => {
    expect(() => parseFlowchart('flowchart LR\n  subgraph s["x"]\n    a["a"]\n')).toThrow('unclosed subgraph');
    expect(() => parseFlowchart('flowchart LR\n  a["a"]\n  a --> b\n')).toThrow('b is not a declared node');
    expect(() => parseFlowchart('flowchart LR\n  a-b["a"]\n')).toThrow('not a node, edge');
    expect(() => parseFlowchart('flowchart LR\n  a["a"]\n  a["b"]\n')).toThrow('id a declared twice');
    expect(() => parseFlowchart('flowchart LR\n  a[a]\n')).toThrow('not a node, edge');
    expect(() => parseFlowchart('flowchart LR\n  end\n')).toThrow('"end" without an open subgraph');
  });
});
