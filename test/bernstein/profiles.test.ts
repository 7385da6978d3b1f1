import { synthesize } from '../../src/synth';
import { at, containers, find, parseRendered, podSpec } from '../helpers/manifests';

/** What each Traefik line calls on the API server (docs/facts.md#traefik-17-configuration-and-rbac). */
const CONTROLLER_NEEDS: Record<string, [group: string, resource: string, verb: string][]> = {
  spec: [
    ...['services', 'endpoints', 'secrets'].flatMap((r) => ['get', 'list', 'watch'].map((v): [string, string, string] => ['', r, v])),
    ...['get', 'list', 'watch'].map((v): [string, string, string] => ['extensions', 'ingresses', v]),
    ['extensions', 'ingresses/status', 'update'],
  ],
  modern: [
    ...['services', 'endpoints', 'secrets'].flatMap((r) => ['get', 'list', 'watch'].map((v): [string, string, string] => ['', r, v])),
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

  test('both profiles write the same 19 file names', () => {
    expect([...modern.rendered.keys()]).toEqual([...spec.rendered.keys()]);
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

  test('modern runs Traefik v2 with the kubernetes-ingress provider, web :80, dashboard :8080, same node ports', () => {
    const objects = parseRendered(modern.rendered);
    const [c] = containers(find(objects, 'Deployment', 'traefik'));
    expect(c.image).toMatch(/^traefik:v2\.(5|6|7|8|9|10|11)/);
    expect(c.args).toEqual(expect.arrayContaining(['--providers.kubernetesingress', '--entrypoints.web.address=:80', '--api.insecure=true']));
    expect(at<{ nodePort: number }[]>(find(objects, 'Service', 'traefik'), 'spec', 'ports').map((p) => p.nodePort)).toEqual([30021, 30042]);
  });

  test('modern runs a pinned ghcr.io cAdvisor that works on containerd/k3s nodes', () => {
    const ds = find(parseRendered(modern.rendered), 'DaemonSet', 'cadvisor');
    const [c] = containers(ds);
    expect(c.image).toMatch(/^ghcr\.io\/google\/cadvisor:\d+\.\d+\.\d+$/);
    expect(c.args).toContain('--containerd=/run/k3s/containerd/containerd.sock');
    expect(podSpec(ds).tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('modern changes only traefik, cadvisor and the postgres volume (provisioned instead of hostPath)', () => {
    const changed = [...spec.rendered.keys()].filter((f) => spec.rendered.get(f) !== modern.rendered.get(f));
    expect(changed).toEqual(['cadvisor.daemonset.yaml', 'postgres.volume.yaml', 'traefik.deployment.yaml', 'traefik.rbac.yaml']);
  });
});
