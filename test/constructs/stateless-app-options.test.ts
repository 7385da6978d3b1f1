import { HealthCheck } from '../../src/constructs/health-check';
import { Namespace } from '../../src/constructs/namespace';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { at, containers, find, podSpec } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';
import { findings } from '../helpers/check';

describe('StatelessApp options', () => {
  test('defaults are unchanged: ClusterIP Service, TCP readiness only, no ConfigMap', () => {
    const chart = testChart();
    new StatelessApp(chart, 'A', { name: 'app', image: 'a:1', port: 80 });
    const objects = chartObjects(chart);
    expect(objects.map((o) => o.file)).toEqual(['app.deployment.yaml', 'app.service.yaml']);
    const c = at<Record<string, unknown>>(find(objects, 'Deployment', 'app'), 'spec', 'template', 'spec', 'containers', 0);
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 80 }, initialDelaySeconds: 5, periodSeconds: 10 });
    expect(c.livenessProbe).toBeUndefined();
    expect(at(find(objects, 'Service', 'app'), 'spec', 'type')).toBe('ClusterIP');
  });

  test('nodePort makes the Service a NodePort Service that still backs an Ingress', () => {
    const chart = testChart();
    new StatelessApp(chart, 'A', { name: 'app', image: 'a:1', port: 3000, nodePort: 30001, route: { host: 'app.example', controller: { ingressClass: 'traefik' } } });
    const objects = chartObjects(chart);
    expect(at(find(objects, 'Service', 'app'), 'spec')).toMatchObject({ type: 'NodePort', ports: [{ name: 'http', port: 3000, targetPort: 3000, nodePort: 30001, protocol: 'TCP' }] });
    expect(findings(objects)).toEqual([]);
  });

  test('readiness and liveness health checks become HTTP probes', () => {
    const chart = testChart();
    const check = HealthCheck.http('/healthz', 8080);
    new StatelessApp(chart, 'A', { name: 'app', image: 'a:1', port: 8080, readiness: check, liveness: check.withInitialDelay(15) });
    const c = at<Record<string, unknown>>(find(chartObjects(chart), 'Deployment', 'app'), 'spec', 'template', 'spec', 'containers', 0);
    expect(at(c, 'readinessProbe', 'httpGet')).toEqual({ path: '/healthz', port: 8080 });
    expect(at(c, 'livenessProbe', 'httpGet')).toEqual({ path: '/healthz', port: 8080 });
    expect(at(c, 'livenessProbe', 'initialDelaySeconds')).toBeGreaterThan(at(c, 'readinessProbe', 'initialDelaySeconds'));
  });

  test('config becomes the app\'s own ConfigMap, bound after env; pod fields come first', () => {
    const chart = testChart();
    const app = new StatelessApp(chart, 'A', {
      name: 'app',
      image: 'a:1',
      podFieldEnv: { POD_IP: 'status.podIP' },
      config: { MODE: 'fast', TARGET: 'x' },
      args: ['--bind', '$(POD_IP)'],
    });
    const objects = chartObjects(chart);
    expect(at(find(objects, 'ConfigMap', 'app-config'), 'data')).toEqual({ MODE: 'fast', TARGET: 'x' });
    expect(containers(find(objects, 'Deployment', 'app'))[0].env!.map((e) => e.name)).toEqual(['POD_IP', 'MODE', 'TARGET']);
    expect(app.config?.bind('MODE')).toEqual({ name: 'MODE', sourceKind: 'ConfigMap', sourceName: 'app-config', key: 'MODE', source: app.config });
    expect(findings(objects)).toEqual([]);
  });

  test('additionalPorts are exposed on the container and the Service, and found by name', () => {
    const chart = testChart();
    const app = new StatelessApp(chart, 'A', { name: 'app', image: 'a:1', port: 8080, additionalPorts: [{ name: 'rpc', port: 7077 }] });
    const objects = chartObjects(chart);
    expect(containers(find(objects, 'Deployment', 'app'))[0].ports).toEqual([{ name: 'http', containerPort: 8080 }, { name: 'rpc', containerPort: 7077 }]);
    expect(at<{ name: string }[]>(find(objects, 'Service', 'app'), 'spec', 'ports').map((p) => p.name)).toEqual(['http', 'rpc']);
    expect(app.portNamed('rpc')).toBe(7077);
    expect(() => app.portNamed('grpc')).toThrow('[test/A] StatelessApp app has no port "grpc"; allowed: http, rpc');
  });

  test('resources are written as given; a memory limit alone stays exactly as written', () => {
    const chart = testChart();
    new StatelessApp(chart, 'A', { name: 'a', image: 'a:1', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } });
    new StatelessApp(chart, 'B', { name: 'b', image: 'b:1', resources: { limits: { memory: '128M' } } });
    const objects = chartObjects(chart);
    expect(containers(find(objects, 'Deployment', 'a'))[0].resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } });
    expect(containers(find(objects, 'Deployment', 'b'))[0].resources).toEqual({ limits: { memory: '128M' } });
  });

  test('every invalid option is reported at once', () => {
    expect(() => new StatelessApp(testChart(), 'A', {
      name: 'app',
      image: 'a:1',
      nodePort: 80,
      readiness: HealthCheck.http('healthz', 8080),
      additionalPorts: [{ name: 'http', port: 1 }],
      resources: { limits: { memory: '1Gi', cpu: 'lots' } },
    })).toThrow(/invalid props:[\s\S]*nodePort 80[\s\S]*a nodePort needs a port[\s\S]*additionalPorts need a main port[\s\S]*must not reuse the main port[\s\S]*readiness.port 8080 is not a container port[\s\S]*readiness.path "healthz"[\s\S]*resources.limits.cpu "lots"/);
  });
});

describe('Namespace', () => {
  test('one cluster-scoped Namespace in 00-<name>.namespace.yaml, first in name order', () => {
    const chart = testChart();
    const ns = new Namespace(chart, 'N', { name: 'shop' });
    new StatelessApp(chart, 'A', { name: 'app', image: 'a:1', namespace: ns.name });
    const objects = chartObjects(chart);
    expect(objects.map((o) => o.file)).toEqual(['00-shop.namespace.yaml', 'app.deployment.yaml']);
    expect(find(objects, 'Namespace', 'shop')).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    expect(podSpec(find(objects, 'Deployment', 'app'))).toBeDefined();
    expect(findings(objects)).toEqual([]);
  });

  test('built-in and invalid names are refused', () => {
    expect(() => new Namespace(testChart(), 'N', { name: 'kube-system' })).toThrow('name "kube-system" is invalid; allowed: any name but the built-in');
    expect(() => new Namespace(testChart(), 'N', { name: 'My_NS' })).toThrow('name "My_NS" is invalid');
  });
});
