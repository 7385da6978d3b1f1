import { Chart } from 'cdk8s';
import { Redis } from '../../src/constructs/redis';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { Traefik } from '../../src/constructs/traefik';
import { declaredFlows, peerKey } from '../../src/network/flows';
import { at, containers, find, FiledObject } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';
import { gatewayCrdProblems, gatewayCrdValidators } from '../helpers/gateway-crds';

const validators = gatewayCrdValidators();

/** A Traefik routing through the Gateway API, two routed apps (one in another namespace) and an unrouted one. */
function gatewayChart(restricted = false): { chart: Chart; traefik: Traefik; objects: FiledObject[] } {
  const chart = testChart();
  const traefik = new Traefik(chart, 'Edge', { name: 'edge', namespace: 'ingress', routing: 'gateway', restricted });
  const redis = new Redis(chart, 'Redis');
  const web = new StatelessApp(chart, 'Web', { name: 'web', image: 'web:1', port: 8080, env: redis.connectionEnv(), route: { host: 'www.example.com', controller: traefik } });
  expect([web.httpRoute?.kind, web.ingress]).toEqual(['HTTPRoute', undefined]);
  new StatelessApp(chart, 'Api', { name: 'api', namespace: 'api', image: 'api:1', port: 9000, route: { host: 'api.example.com', path: '/v1', controller: traefik } });
  return { chart, traefik, objects: chartObjects(chart) };
}

describe('Gateway API routing through Traefik v3', () => {
  const { traefik, objects } = gatewayChart();

  test('a route becomes one HTTPRoute per component, attached to the web listener, with its host, path prefix and Service port', () => {
    expect(objects.filter((o) => o.object.kind === 'Ingress')).toEqual([]);
    expect(objects.filter((o) => o.object.kind === 'HTTPRoute').map((o) => o.file).sort()).toEqual(['api.httproute.yaml', 'web.httproute.yaml']);
    const api = find(objects, 'HTTPRoute', 'api');
    expect(at(api, 'metadata', 'namespace')).toBe('api');
    expect(at(api, 'spec')).toEqual({
      parentRefs: [{ name: 'edge', namespace: 'ingress', sectionName: 'web' }],
      hostnames: ['api.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: [{ name: 'api', port: 9000 }] }],
    });
  });

  test('the GatewayClass names Traefik\'s controller; the Gateway listens on the web entry point and admits the routes\' namespaces', () => {
    expect(at(find(objects, 'GatewayClass', 'edge'), 'spec')).toEqual({ controllerName: 'traefik.io/gateway-controller' });
    const gateway = find(objects, 'Gateway', 'edge');
    expect(objects.filter((o) => /Gateway/.test(o.object.kind)).map((o) => o.file)).toEqual(['edge.gateway.yaml', 'edge.gateway.yaml']);
    expect(at(gateway, 'spec', 'gatewayClassName')).toBe('edge');
    expect(at(gateway, 'spec', 'listeners')).toEqual([{
      name: 'web', port: 80, protocol: 'HTTP',
      allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['api', 'default', 'ingress'] }] } } },
    }]);
    expect(traefik.gatewayListener).toEqual(expect.objectContaining({ gatewayName: 'edge', gatewayNamespace: 'ingress', listenerName: 'web' }));
    expect([traefik.gateway?.kind, traefik.gatewayClass?.kind, traefik.ingressClassObject]).toEqual(['Gateway', 'GatewayClass', undefined]);
  });

  test('Traefik runs the kubernetesGateway provider only, and may read what it watches and write only their status', () => {
    const args = containers(find(objects, 'Deployment', 'edge'))[0].args!;
    expect(args).toContain('--providers.kubernetesgateway=true');
    expect(args.filter((a) => a.startsWith('--providers.kubernetesingress'))).toEqual([]);
    const rules = at<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(find(objects, 'ClusterRole', 'edge-ingress-controller'), 'rules');
    const gatewayRules = rules.filter((r) => r.apiGroups.includes('gateway.networking.k8s.io'));
    for (const resource of ['gatewayclasses', 'gateways', 'httproutes', 'referencegrants', 'grpcroutes', 'tlsroutes', 'backendtlspolicies']) {
      expect(gatewayRules.some((r) => r.resources.includes(resource) && ['get', 'list', 'watch'].every((v) => r.verbs.includes(v)))).toBe(true);
      expect(gatewayRules.some((r) => r.resources.includes(`${resource}/status`) && r.verbs.includes('update'))).toBe(true);
    }
    expect(rules.some((r) => r.apiGroups.includes('discovery.k8s.io') && r.resources.includes('endpointslices'))).toBe(true);
    for (const r of rules) for (const v of r.verbs) expect(['get', 'list', 'watch', 'update']).toContain(v);
    expect(objects.filter((o) => o.object.kind === 'IngressClass')).toEqual([]);
  });

  test('every Gateway API object is valid against the v1.6.1 standard CRD schemas, unknown fields refused', () => {
    const gatewayObjects = objects.filter((o) => o.object.apiVersion.startsWith('gateway.networking.k8s.io/'));
    expect(gatewayObjects).toHaveLength(4);
    for (const o of gatewayObjects) expect({ file: o.file, problems: gatewayCrdProblems(validators, o.object) }).toEqual({ file: o.file, problems: [] });
    // The check has teeth: a misspelt field and a wrong type are caught.
    const route = find(objects, 'HTTPRoute', 'web');
    const broken = { ...route, spec: { ...(route.spec as object), hostname: ['x'], rules: [{ backendRefs: [{ name: 'web', port: '8080' }] }] } };
    expect(gatewayCrdProblems(validators, broken)).toEqual(expect.arrayContaining(['/spec: must NOT have additional properties (hostname)', '/spec/rules/0/backendRefs/0/port: must be integer']));
  });

  test('routes through the Gateway are flows from Traefik exactly as through Ingresses', () => {
    const viaIngress = testChart();
    const t = new Traefik(viaIngress, 'Edge', { name: 'edge', namespace: 'ingress' });
    const redis = new Redis(viaIngress, 'Redis');
    new StatelessApp(viaIngress, 'Web', { name: 'web', image: 'web:1', port: 8080, env: redis.connectionEnv(), route: { host: 'www.example.com', controller: t } });
    new StatelessApp(viaIngress, 'Api', { name: 'api', namespace: 'api', image: 'api:1', port: 9000, route: { host: 'api.example.com', path: '/v1', controller: t } });
    const text = (chart: Chart) => declaredFlows(chart).map((f) => `${peerKey(f.from)} -> ${peerKey(f.to)}:${f.port} ${f.reason}`);
    expect(text(gatewayChart().chart)).toEqual(text(viaIngress));
    expect(text(viaIngress)).toEqual(expect.arrayContaining(['ingress/edge -> default/web:8080 route', 'ingress/edge -> api/api:9000 route']));
  });

  test('restricted, the listener is the unprivileged web port Traefik listens on', () => {
    expect(at(find(gatewayChart(true).objects, 'Gateway', 'edge'), 'spec', 'listeners', 0, 'port')).toBe(8000);
  });

  test('a Gateway whose routes all live in its own namespace admits that namespace only', () => {
    const chart = testChart();
    const traefik = new Traefik(chart, 'T', { routing: 'gateway' });
    new StatelessApp(chart, 'Web', { name: 'web', image: 'web:1', port: 80, route: { host: 'www.example.com', controller: traefik } });
    expect(at(find(chartObjects(chart), 'Gateway', 'traefik'), 'spec', 'listeners', 0, 'allowedRoutes')).toEqual({ namespaces: { from: 'Same' } });
  });
});
