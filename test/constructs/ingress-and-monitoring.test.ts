import { Cadvisor } from '../../src/constructs/cadvisor';
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

  test('node ports, namespace and replicas are props', () => {
    const chart = testChart();
    new Traefik(chart, 'T', { namespace: 'ingress', httpNodePort: 31000, dashboardNodePort: 31001, replicas: 3 });
    const objects = chartObjects(chart);
    expect(at<{ nodePort: number }[]>(find(objects, 'Service', 'traefik'), 'spec', 'ports').map((p) => p.nodePort)).toEqual([31000, 31001]);
    expect(at(find(objects, 'ClusterRoleBinding', 'traefik-ingress-controller'), 'subjects', 0, 'namespace')).toBe('ingress');
    expect(at(find(objects, 'Deployment', 'traefik'), 'spec', 'replicas')).toBe(3);
  });
});

describe('Cadvisor', () => {
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
