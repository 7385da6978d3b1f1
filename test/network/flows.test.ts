// declaredFlows on small hand-made charts: every reason a flow exists, literally, in its sorted
// order and without duplicates; which objects make a component run pods; and the refusal of a
// flow to a component whose pods no policy could select.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Component, Endpoint } from '../../src/constructs/component';
import { declaredFlows, KUBERNETES_API_PORTS, peerKey, podComponents } from '../../src/network/flows';
import { testChart } from '../helpers/chart';

/** A component owning one object of `kind`, with the graph declarations open to the test. */
class Part extends Component {
  constructor(scope: Construct, name: string, kind = 'Deployment', namespace = 'default') {
    super(scope, name, name, namespace);
    new ApiObject(this, 'Object', { apiVersion: 'v1', kind, metadata: { name, namespace } });
  }
  endpoint(port: number): Endpoint {
    return { component: this, serviceName: this.componentName, portName: `p${port}`, port };
  }
  peersOn(port: number): this {
    this.connectPeersOn(this.endpoint(port));
    return this;
  }
  usesApi(): this {
    this.connectToKubernetesApi();
    return this;
  }
  nodePort(port: number, targetPort?: number): this {
    this.expose({ kind: 'nodePort', portName: `p${port}`, port, nodePort: 30080, targetPort });
    return this;
  }
  ingress(port: number, controller?: Component): this {
    this.expose({ kind: 'ingress', host: 'shop.example.com', path: '/', endpoint: this.endpoint(port), ingressClass: 'edge', controller });
    return this;
  }
}

const text = (chart: Construct) => declaredFlows(chart).map((f) => `${peerKey(f.from)} -> ${peerKey(f.to)} ${f.port}/${f.protocol} ${f.reason}`);

test('every kind that runs pods makes its component a pod component; a ConfigMap alone does not', () => {
  const chart = testChart();
  const kinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ConfigMap', 'Service'];
  for (const kind of kinds) new Part(chart, kind.toLowerCase(), kind);
  expect(podComponents(chart).map((c) => c.componentName)).toEqual(['deployment', 'statefulset', 'daemonset', 'replicaset', 'job', 'cronjob', 'pod']);
});

test('a component with two pod objects is listed once', () => {
  const chart = testChart();
  const web = new Part(chart, 'web');
  new ApiObject(web, 'Second', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'web-migrate' } });
  expect(podComponents(chart)).toEqual([web]);
});

test('each reason gives its flows, literally: connections, routes, call-backs, peers, node ports, ingresses, DNS, the API', () => {
  const chart = testChart();
  const edge = new Part(chart, 'edge').usesApi();
  const shop = new Part(chart, 'shop').ingress(8080, edge).nodePort(80, 8081);
  const cache = new Part(chart, 'cache', 'StatefulSet', 'data').peersOn(16379);
  new Part(chart, 'admin').ingress(9000);
  edge.connectTo(shop.endpoint(8080));
  shop.connectTo(cache.endpoint(6379));
  shop.connectTo(cache.endpoint(6379));
  cache.callBack(shop.endpoint(8082));
  expect(text(chart)).toEqual([
    '(any-namespace) -> default/admin 9000/TCP ingress',
    '(anywhere) -> default/shop 8081/TCP nodePort',
    'data/cache -> (cluster-dns) 53/TCP dns',
    'data/cache -> (cluster-dns) 53/UDP dns',
    'data/cache -> data/cache 16379/TCP peer',
    'data/cache -> default/shop 8082/TCP callback',
    'default/admin -> (cluster-dns) 53/TCP dns',
    'default/admin -> (cluster-dns) 53/UDP dns',
    'default/edge -> (cluster-dns) 53/TCP dns',
    'default/edge -> (cluster-dns) 53/UDP dns',
    'default/edge -> (kubernetes-api) 443/TCP api',
    'default/edge -> (kubernetes-api) 6443/TCP api',
    'default/edge -> default/shop 8080/TCP route',
    'default/shop -> (cluster-dns) 53/TCP dns',
    'default/shop -> (cluster-dns) 53/UDP dns',
    'default/shop -> data/cache 6379/TCP connection',
  ]);
  expect(KUBERNETES_API_PORTS).toEqual([443, 6443]);
});

test('a connection to a port the controller does not route stays a connection; a NodePort without targetPort opens its port', () => {
  const chart = testChart();
  const edge = new Part(chart, 'edge');
  const shop = new Part(chart, 'shop').ingress(8080, edge).nodePort(30);
  edge.connectTo(shop.endpoint(9090));
  const other = new Part(chart, 'other');
  shop.ingress(7070, other);
  edge.connectTo(shop.endpoint(7070));
  expect(text(chart).filter((f) => !f.endsWith(' dns'))).toEqual([
    '(anywhere) -> default/shop 30/TCP nodePort',
    'default/edge -> default/shop 7070/TCP connection',
    'default/edge -> default/shop 9090/TCP connection',
  ]);
});

test('ports sort by number, not by text (5432 before 10000)', () => {
  const chart = testChart();
  const app = new Part(chart, 'app');
  const db = new Part(chart, 'db');
  for (const port of [10000, 5432, 80]) app.connectTo(db.endpoint(port));
  expect(text(chart).filter((f) => f.includes('-> default/db'))).toEqual([
    'default/app -> default/db 80/TCP connection',
    'default/app -> default/db 5432/TCP connection',
    'default/app -> default/db 10000/TCP connection',
  ]);
});

test('a flow to or from a component that runs no pods is refused, naming both ends and the port', () => {
  const chart = testChart();
  const app = new Part(chart, 'app');
  const settings = new Part(chart, 'settings', 'ConfigMap');
  app.connectTo(settings.endpoint(8500));
  expect(() => declaredFlows(chart)).toThrow('default/app → default/settings:8500: settings runs no pods, so no network policy can select it');
  const chart2 = testChart();
  const sender = new Part(chart2, 'sender');
  const idle = new Part(chart2, 'idle', 'Secret');
  idle.connectTo(sender.endpoint(25));
  // A component without pods opens nothing either: its flows are never listed.
  expect(() => declaredFlows(chart2)).not.toThrow();
  expect(text(chart2).some((f) => f.startsWith('default/idle'))).toBe(false);
});

test('a flow declared for two reasons is listed once, with the first reason (a connection before a call back)', () => {
  const chart = testChart();
  const a = new Part(chart, 'a');
  const b = new Part(chart, 'b');
  a.connectTo(b.endpoint(9000));
  a.callBack(b.endpoint(9000));
  expect(text(chart).filter((f) => f.includes('-> default/b'))).toEqual(['default/a -> default/b 9000/TCP connection']);
});
