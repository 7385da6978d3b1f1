import { synthesize } from '../../src/synth';
import { at, containers, find, parseRendered, podSpec } from '../helpers/manifests';

/**
 * What each Traefik line calls on the API server (docs/facts.md#traefik-17-configuration-and-rbac,
 * docs/facts.md#traefik-v3-flags-and-rbac): v3.1+ reads EndpointSlices and nodes, not endpoints.
 */
const CONTROLLER_NEEDS: Record<string, [group: string, resource: string, verb: string][]> = {
  spec: [
    ...['services', 'endpoints', 'secrets'].flatMap((r) => ['get', 'list', 'watch'].map((v): [string, string, string] => ['', r, v])),
    ...['get', 'list', 'watch'].map((v): [string, string, string] => ['extensions', 'ingresses', v]),
    ['extensions', 'ingresses/status', 'update'],
  ],
  modern: [
    ...['services', 'secrets', 'nodes'].flatMap((r) => ['get', 'list', 'watch'].map((v): [string, string, string] => ['', r, v])),
    ...['list', 'watch'].map((v): [string, string, string] => ['discovery.k8s.io', 'endpointslices', v]),
    ...['ingresses', 'ingressclasses'].flatMap((r) => ['get', 'list', 'watch'].map((v): [string, string, string] => ['networking.k8s.io', r, v])),
    ['networking.k8s.io', 'ingresses/status', 'update'],
  ],
};

const spec = synthesize({ env: {} });
const modern = synthesize({ env: {}, profile: 'modern' });

describe('profiles', () => {
  test('spec is the default profile', () => {
    expect(synthesize({ env: {} }).profile).toBe('spec');
    expect(spec.stack.defaultOutdir('spec')).toBe('dist');
    expect(spec.stack.defaultOutdir('modern')).toBe('dist-modern');
  });

  test('modern writes the 19 file names and the IngressClass its Ingresses name', () => {
    expect([...modern.rendered.keys()]).toEqual([...spec.rendered.keys(), 'traefik.ingress.yaml'].sort());
    const objects = parseRendered(modern.rendered);
    expect(at(find(objects, 'IngressClass', 'traefik'), 'spec')).toEqual({ controller: 'traefik.io/ingress-controller' });
    for (const app of ['poll', 'result']) {
      const ingress = find(objects, 'Ingress', app);
      expect(at(ingress, 'spec', 'ingressClassName')).toBe('traefik');
      expect(at(ingress, 'metadata')).not.toHaveProperty('annotations');
    }
  });

  test.each(Object.entries(CONTROLLER_NEEDS))('the %s ClusterRole grants everything its controller needs, nothing more than read + status', (profile, needs) => {
    const objects = parseRendered((profile === 'spec' ? spec : modern).rendered);
    const rules = at<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(find(objects, 'ClusterRole', 'traefik-ingress-controller'), 'rules');
    for (const [group, resource, verb] of needs) {
      expect({ group, resource, verb, granted: rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb)) })
        .toEqual({ group, resource, verb, granted: true });
    }
    for (const r of rules) for (const v of r.verbs) expect(['get', 'list', 'watch', 'update']).toContain(v);
  });

  test('modern runs Traefik v3 with the kubernetes-ingress provider for its own class, web :80, dashboard :8080, same node ports', () => {
    const objects = parseRendered(modern.rendered);
    const [c] = containers(find(objects, 'Deployment', 'traefik'));
    expect(c.image).toMatch(/^traefik:v3\.\d+\.\d+$/);
    expect(c.args).toEqual(['--providers.kubernetesingress=true', '--providers.kubernetesingress.ingressclass=traefik', '--entrypoints.web.address=:80',
      '--entrypoints.traefik.address=:8080', '--api.insecure=true', '--api.dashboard=true', '--ping=true', '--log.level=INFO']);
    expect(at<{ nodePort: number }[]>(find(objects, 'Service', 'traefik'), 'spec', 'ports').map((p) => p.nodePort)).toEqual([30021, 30042]);
  });

  test('modern runs a pinned ghcr.io cAdvisor reading the containerd socket of kubeadm, kind, EKS and GKE nodes', () => {
    const ds = find(parseRendered(modern.rendered), 'DaemonSet', 'cadvisor');
    const [c] = containers(ds);
    expect(c.image).toMatch(/^ghcr\.io\/google\/cadvisor:\d+\.\d+\.\d+$/);
    expect(c.args).toEqual(['--containerd=/run/containerd/containerd.sock']);
    expect(podSpec(ds).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('modern changes only traefik, cadvisor, the postgres volume (provisioned instead of hostPath) and the Ingresses (class by name)', () => {
    const changed = [...spec.rendered.keys()].filter((f) => spec.rendered.get(f) !== modern.rendered.get(f));
    expect(changed).toEqual(['cadvisor.daemonset.yaml', 'poll.ingress.yaml', 'postgres.volume.yaml', 'result.ingress.yaml', 'traefik.deployment.yaml', 'traefik.rbac.yaml']);
  });
});
