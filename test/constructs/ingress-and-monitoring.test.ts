import { Cadvisor } from '../../src/constructs/cadvisor';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { Traefik } from '../../src/constructs/traefik';
import { at, containers, find, podSpec } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';

describe('Traefik', () => {
  test('v2 reads networking.k8s.io/v1 Ingresses and IngressClasses, with its own args', () => {
    const chart = testChart();
    new Traefik(chart, 'T', { generation: 'v2' });
    const objects = chartObjects(chart);
    const [c] = containers(find(objects, 'Deployment', 'traefik'));
    expect(c.image).toBe('traefik:v2.11');
    expect(c.args).toContain('--providers.kubernetesingress');
    expect(c.args).toContain('--entrypoints.web.address=:80');
    const rules = at<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(find(objects, 'ClusterRole', 'traefik-ingress-controller'), 'rules');
    expect(rules.some((r) => r.apiGroups.includes('networking.k8s.io') && r.resources.includes('ingressclasses') && r.verbs.includes('list'))).toBe(true);
  });

  test('by default: Traefik v3 in the default namespace, its IngressClass, no dashboard on any port outside the pod', () => {
    const chart = testChart();
    const traefik = new Traefik(chart, 'T');
    const objects = chartObjects(chart);
    const deployment = find(objects, 'Deployment', 'traefik');
    const [c] = containers(deployment);
    expect(c.image).toBe('traefik:v3.7.9');
    expect(at(deployment, 'metadata', 'namespace')).toBe('default');
    expect(c.args).toEqual(['--providers.kubernetesingress=true', '--providers.kubernetesingress.ingressclass=traefik',
      '--entrypoints.web.address=:80', '--entrypoints.traefik.address=:8080', '--ping=true', '--log.level=INFO']);
    expect(c.args!.some((a) => a.startsWith('--api'))).toBe(false);
    expect(at<{ name: string }[]>(find(objects, 'Service', 'traefik'), 'spec', 'ports').map((p) => p.name)).toEqual(['http']);
    expect(traefik.exposures.map((x) => (x.kind === 'nodePort' ? x.portName : x.kind))).toEqual(['http']);
    expect(traefik.dashboardNodePort).toBeUndefined();
    expect(objects.filter((o) => o.object.kind === 'IngressClass').map((o) => o.file)).toEqual(['traefik.ingress.yaml']);
    expect(at(find(objects, 'IngressClass', 'traefik'), 'spec')).toEqual({ controller: 'traefik.io/ingress-controller' });
  });

  test('v3 reads EndpointSlices and nodes, Ingresses and IngressClasses of networking.k8s.io only, writes only Ingress status', () => {
    const chart = testChart();
    new Traefik(chart, 'T');
    const rules = at<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(find(chartObjects(chart), 'ClusterRole', 'traefik-ingress-controller'), 'rules');
    expect(rules).toEqual([
      { apiGroups: [''], resources: ['services', 'secrets', 'nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
    ]);
  });

  test('routes name the class the way their controller reads it: by spec.ingressClassName for v3, by annotation for 1.7', () => {
    for (const [generation, annotation, className] of [['v3', undefined, 'edge'], ['v1', 'edge', undefined]] as const) {
      const chart = testChart();
      const traefik = new Traefik(chart, 'T', { generation, ingressClass: 'edge' });
      new StatelessApp(chart, 'Web', { name: 'web', image: 'web:1', port: 80, route: { host: 'web.example', controller: traefik } });
      const ingress = find(chartObjects(chart), 'Ingress', 'web');
      expect([at(ingress, 'metadata', 'annotations', 'kubernetes.io/ingress.class'), at(ingress, 'spec', 'ingressClassName')]).toEqual([annotation, className]);
    }
  });

  test('the dashboard is served, without authentication, only when the prop says so', () => {
    const chart = testChart();
    const traefik = new Traefik(chart, 'T', { dashboard: 'unauthenticated' });
    const objects = chartObjects(chart);
    expect(containers(find(objects, 'Deployment', 'traefik'))[0].args).toEqual(expect.arrayContaining(['--api.insecure=true', '--api.dashboard=true']));
    expect(at<{ name: string; nodePort: number }[]>(find(objects, 'Service', 'traefik'), 'spec', 'ports').map((p) => [p.name, p.nodePort])).toEqual([['http', 30021], ['admin', 30042]]);
    expect(traefik.dashboardNodePort).toBe(30042);
  });

  test('httpsNodePort adds a TLS entry point (websecure, 443; 8443 restricted) that TLS routes are served on', () => {
    for (const [restricted, port] of [[false, 443], [true, 8443]] as const) {
      const chart = testChart();
      const traefik = new Traefik(chart, 'T', { httpsNodePort: 30443, restricted });
      new StatelessApp(chart, 'Web', { name: 'web', image: 'web:1', port: 80, route: { host: 'web.example', controller: traefik, tlsSecretName: 'web-tls' } });
      const objects = chartObjects(chart);
      expect(containers(find(objects, 'Deployment', 'traefik'))[0].args).toEqual(expect.arrayContaining([`--entrypoints.websecure.address=:${port}`, '--entrypoints.websecure.http.tls=true']));
      expect(at<{ name: string; port: number; targetPort: number; nodePort: number }[]>(find(objects, 'Service', 'traefik'), 'spec', 'ports').map((p) => [p.name, p.port, p.targetPort, p.nodePort]))
        .toEqual([['http', 80, restricted ? 8000 : 80, 30021], ['https', 443, port, 30443]]);
      expect(traefik.exposures.map((x) => (x.kind === 'nodePort' ? [x.portName, x.targetPort] : x.kind))).toEqual([['http', restricted ? 8000 : 80], ['https', port]]);
    }
  });

  test('a TLS route through a Traefik without an HTTPS entry point is refused when the app is written; httpsNodePort is for v2/v3 Ingress routing', () => {
    const chart = testChart();
    const traefik = new Traefik(chart, 'T');
    new StatelessApp(chart, 'Web', { name: 'web', image: 'web:1', port: 80, route: { host: 'web.example', controller: traefik, tlsSecretName: 'web-tls' } });
    expect(() => chartObjects(chart)).toThrow('Traefik traefik: Ingress "web" asks for TLS (route.tlsSecretName) but this Traefik has no HTTPS entry point; allowed: give the Traefik httpsNodePort (e.g. 30443), or drop the route\'s tlsSecretName');
    expect(() => new Traefik(testChart(), 'T', { generation: 'v1', httpsNodePort: 30443 })).toThrow('httpsNodePort 30443 needs generation v2 or v3 with routing "ingress" (got generation "v1", routing "ingress"); allowed: no httpsNodePort');
    expect(() => new Traefik(testChart(), 'T', { httpsNodePort: 30021 })).toThrow('httpsNodePort 30021 is taken by another port of this Traefik; allowed: a node port of its own');
  });

  test('node ports, namespace and replicas are props', () => {
    const chart = testChart();
    new Traefik(chart, 'T', { namespace: 'ingress', httpNodePort: 31000, dashboard: 'unauthenticated', dashboardNodePort: 31001, replicas: 3 });
    const objects = chartObjects(chart);
    expect(at<{ nodePort: number }[]>(find(objects, 'Service', 'traefik'), 'spec', 'ports').map((p) => p.nodePort)).toEqual([31000, 31001]);
    expect(at(find(objects, 'ClusterRoleBinding', 'traefik-ingress-controller'), 'subjects', 0, 'namespace')).toBe('ingress');
    expect(at(find(objects, 'Deployment', 'traefik'), 'spec', 'replicas')).toBe(3);
  });
});

describe('Cadvisor', () => {
  test.each([
    ['containerd', ['--containerd=/run/containerd/containerd.sock']],
    ['k3s', ['--containerd=/run/k3s/containerd/containerd.sock']],
    ['crio', undefined],
  ] as const)('node runtime %s: the runtime socket cAdvisor is told', (nodeRuntime, args) => {
    const chart = testChart();
    new Cadvisor(chart, 'C', { nodeRuntime });
    expect(containers(find(chartObjects(chart), 'DaemonSet', 'cadvisor'))[0].args).toEqual(args);
  });

  test('without a runtime it runs with cAdvisor\'s own defaults; a runtime and a socket together are refused', () => {
    const chart = testChart();
    new Cadvisor(chart, 'C');
    expect(containers(find(chartObjects(chart), 'DaemonSet', 'cadvisor'))[0].args).toBeUndefined();
    expect(() => new Cadvisor(testChart(), 'C', { nodeRuntime: 'k3s', containerdSocket: '/run/x.sock' })).toThrow('containerdSocket "/run/x.sock" and nodeRuntime "k3s" both name the socket; allowed: one of them');
    expect(() => new Cadvisor(testChart(), 'C', { nodeRuntime: 'docker' as never })).toThrow('nodeRuntime "docker" is invalid; allowed: containerd, k3s, crio');
  });

  test('privileged mode adds /dev/kmsg and the containerd socket flag', () => {
    const chart = testChart();
    new Cadvisor(chart, 'C', { image: 'ghcr.io/google/cadvisor:0.54.0', privileged: true, containerdSocket: '/run/k3s/containerd/containerd.sock' });
    const ds = find(chartObjects(chart), 'DaemonSet', 'cadvisor');
    const [c] = containers(ds) as (ReturnType<typeof containers>[number] & { securityContext?: unknown })[];
    expect(c.args).toEqual(['--containerd=/run/k3s/containerd/containerd.sock']);
    expect(c.securityContext).toEqual({ privileged: true });
    expect(c.volumeMounts?.map((m) => m.mountPath)).toContain('/dev/kmsg');
    expect(podSpec(ds).tolerations).toEqual([{ operator: 'Exists' }]);
  });
});
