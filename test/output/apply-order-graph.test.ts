// applyOrder on hand-made charts, edge by edge: every reason a component waits for another (its
// Namespace, a server it connects to, a ConfigMap or Secret it reads, a Namespace it writes
// into), ties kept in construction order, files by apply rank then name, and the cycle refusal.
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Component, Endpoint } from '../../src/constructs/component';
import { Namespace } from '../../src/constructs/namespace';
import { Redis } from '../../src/constructs/redis';
import { applyOrder } from '../../src/output/apply-order';
import { testChart } from '../helpers/chart';

class Part extends Component {
  constructor(scope: Construct, name: string, namespace = 'default', kinds: readonly string[] = ['Deployment']) {
    super(scope, name, name, namespace);
    for (const kind of kinds) new ApiObject(this, kind, { apiVersion: 'v1', kind, metadata: { name, namespace } });
  }
  endpoint(port: number): Endpoint {
    return { component: this, serviceName: this.componentName, portName: `p${port}`, port };
  }
}

const steps = (chart: Chart) => applyOrder(chart).map((s) => `${s.component} <- ${s.after.join(' ')}: ${s.files.join(' ')}`);

test('without edges, construction order; with one, the server first', () => {
  const chart = testChart();
  const client = new Part(chart, 'client');
  const server = new Part(chart, 'server');
  new Part(chart, 'other');
  expect(steps(chart)).toEqual(['client <- : client.deployment.yaml', 'server <- : server.deployment.yaml', 'other <- : other.deployment.yaml']);
  client.connectTo(server.endpoint(80));
  expect(steps(chart)).toEqual(['server <- : server.deployment.yaml', 'client <- server: client.deployment.yaml', 'other <- : other.deployment.yaml']);
});

test('a call back is not an apply-order edge', () => {
  const chart = testChart();
  const worker = new Part(chart, 'worker');
  const master = new Part(chart, 'master');
  worker.connectTo(master.endpoint(7077));
  master.callBack(worker.endpoint(7078));
  expect(steps(chart)).toEqual(['master <- : master.deployment.yaml', 'worker <- master: worker.deployment.yaml']);
});

test('reading another component\'s ConfigMap waits for it', () => {
  const chart = testChart();
  const reader = new Part(chart, 'reader');
  const cache = new Redis(chart, 'Cache', { name: 'cache' });
  reader.readFrom(cache.config);
  expect(steps(chart)[0].startsWith('cache <- :')).toBe(true);
  expect(steps(chart)[1]).toBe('reader <- cache: reader.deployment.yaml');
});

test('a component waits for the Namespace it lives in and for every Namespace it writes an object into', () => {
  const chart = testChart();
  new Part(chart, 'app', 'shop');
  const agent = new Part(chart, 'agent', 'default');
  new ApiObject(agent, 'Grant', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'agent-grant', namespace: 'shop' } });
  new Namespace(chart, 'Shop', { name: 'shop' });
  expect(steps(chart)).toEqual([
    'shop <- : 00-shop.namespace.yaml',
    'app <- shop: app.deployment.yaml',
    'agent <- shop: agent.configmap.yaml agent.deployment.yaml',
  ]);
});

test('a component\'s files: by apply rank, then by name for kinds of the same rank', () => {
  const chart = testChart();
  new Part(chart, 'all', 'default', ['Service', 'Deployment', 'Widget', 'Secret', 'Gadget', 'ServiceAccount', 'ConfigMap']);
  expect(steps(chart)).toEqual(['all <- : all.rbac.yaml all.secret.yaml all.configmap.yaml all.deployment.yaml all.service.yaml all.gadget.yaml all.widget.yaml']);
  // The same, whichever of two kinds of the same rank is made first.
  const sorted = testChart();
  new Part(sorted, 'two', 'default', ['Gadget', 'Widget', 'Deployment']);
  expect(steps(sorted)).toEqual(['two <- : two.deployment.yaml two.gadget.yaml two.widget.yaml']);
});

test('a component without objects is a step without files', () => {
  const chart = testChart();
  new Part(chart, 'empty', 'default', []);
  expect(applyOrder(chart)).toEqual([{ component: 'empty', files: [], after: [] }]);
});

test('a component holding another component\'s Namespace does not own it: nothing in its own namespace waits for it', () => {
  const chart = testChart();
  new Part(chart, 'app', 'default');
  const group = new Part(chart, 'group', 'default');
  new Namespace(group, 'Shop', { name: 'shop' });
  new Part(chart, 'shop-app', 'shop');
  expect(steps(chart)).toEqual([
    'app <- : app.deployment.yaml',
    'group <- : group.deployment.yaml',
    'shop <- : 00-shop.namespace.yaml',
    'shop-app <- shop: shop-app.deployment.yaml',
  ]);
});

test('a cycle is refused naming every component caught in it and the way out', () => {
  const chart = testChart();
  const first = new Part(chart, 'first');
  new Part(chart, 'free');
  const a = new Part(chart, 'a');
  const b = new Part(chart, 'b');
  first.connectTo(a.endpoint(1));
  a.connectTo(b.endpoint(1));
  b.connectTo(a.endpoint(1));
  expect(() => applyOrder(chart)).toThrow(
    'components first, a, b connect to each other in a cycle, so no apply order puts each after what it needs; allowed: connections without a cycle (declare a call back to a client with callBack(), which apply order does not follow)',
  );
});
