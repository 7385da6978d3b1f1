import { StatelessApp } from '../../src/constructs/stateless-app';
import { at, find, podSpec } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';

describe('StatelessApp', () => {
  test('without a port it is a Deployment only (the worker shape)', () => {
    const chart = testChart();
    new StatelessApp(chart, 'W', { name: 'worker', image: 'w:1' });
    expect(chartObjects(chart).map((o) => o.file)).toEqual(['worker.deployment.yaml']);
  });

  test('with a port and a route: Deployment, Service and Ingress in their own files', () => {
    const chart = testChart();
    new StatelessApp(chart, 'A', { name: 'app', image: 'a:1', port: 8000, route: { host: 'a.example.com', controller: { ingressClass: 'nginx' }, path: '/api' } });
    const objects = chartObjects(chart);
    expect(objects.map((o) => o.file)).toEqual(['app.deployment.yaml', 'app.ingress.yaml', 'app.service.yaml']);
    const ingress = find(objects, 'Ingress', 'app');
    expect(ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'nginx' });
    expect(at(ingress, 'spec', 'rules', 0, 'http', 'paths', 0)).toEqual({
      path: '/api', pathType: 'Prefix', backend: { service: { name: 'app', port: { number: 8000 } } },
    });
  });

  test('a route without a port is refused', () => {
    expect(() => new StatelessApp(testChart(), 'A', { name: 'app', image: 'a:1', route: { host: 'a.io', controller: { ingressClass: 'traefik' } } }))
      .toThrow('StatelessApp app: a route needs a port');
  });

  test('replicas spread preferred by default (never Pending), required on request, not at all for one replica', () => {
    const chart = testChart();
    new StatelessApp(chart, 'R', { name: 'r', image: 'r:1', replicas: 3, spreading: 'required' });
    new StatelessApp(chart, 'P', { name: 'p', image: 'p:1', replicas: 2 });
    new StatelessApp(chart, 'S', { name: 's', image: 's:1' });
    const objects = chartObjects(chart);
    expect(at(podSpec(find(objects, 'Deployment', 'r')), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 0, 'labelSelector'))
      .toEqual({ matchLabels: { app: 'r' } });
    expect(at(podSpec(find(objects, 'Deployment', 'p')), 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', 0))
      .toEqual({ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'p' } }, topologyKey: 'kubernetes.io/hostname' } });
    expect(podSpec(find(objects, 'Deployment', 's')).affinity).toBeUndefined();
  });
});
