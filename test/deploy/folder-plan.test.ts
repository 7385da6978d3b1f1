// A folder read for a deploy, in-process: the order its components are applied in (folderApplyOrder),
// the ways in its Services and Ingresses give (folderEntryPoints), and the plan built on a folder
// on disk (buildDeployPlan): what it applies, waits for, and which pods it reads.
import * as path from 'path';
import { folderEntryPoints } from '../../src/deploy/entry-points';
import { filesOf, folderApplyOrder } from '../../src/deploy/folder-order';
import { buildDeployPlan, DEFAULT_TIMEOUT, describeWorkload, durationSeconds, workloadId } from '../../src/deploy/plan';
import { readManifestTexts } from '../../src/manifests';
import { tempFolders } from '../helpers/temp';
import { deploymentYaml, writeFiles } from './helpers';

// This machine's file system lists a folder's names sorted; listed backwards here, a result in name
// order is one the code sorted itself, as it must on file systems that list in creation or hash order.
jest.mock('fs', () => {
  const real = jest.requireActual<typeof import('fs')>('fs');
  return { ...real, readdirSync: jest.fn((...args: Parameters<typeof real.readdirSync>) => [...(real.readdirSync(...args) as unknown[])].reverse()) };
});

const configMapText = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
const objectsOf = (files: Record<string, string>) => {
  const set = readManifestTexts(Object.entries(files).map(([file, text]) => ({ file, text })));
  expect(set.issues).toEqual([]);
  return set.inventory.objects;
};

const service = (name: string, namespace: string, ports: string, type = 'ClusterIP') => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {type: ${type}, selector: {app: ${name}}, ports: ${ports}}
`;

describe('the apply order of a folder', () => {
  /**
   * A namespace file (`00-` prefix) and another file of the same component; a store before the API
   * that dials it; an ingress controller (port 80 on a node port) after what it routes to; a custom
   * resource after its CRD; two components that dial each other.
   */
  const FOLDER = {
    'pong.deployment.yaml': deploymentYaml('pong', 'default', { PEER: 'http://ping:80' }),
    'ping.deployment.yaml': `${deploymentYaml('ping', 'default', { PEER: 'http://pong:80' })}---\n${service('ping', 'default', '[{port: 80}]')}`,
    'pong.service.yaml': service('pong', 'default', '[{port: 80}]'),
    'api.deployment.yaml': deploymentYaml('api', 'shop', { DATABASE_URL: 'postgres://db:5432/shop' }),
    'api.service.yaml': service('api', 'shop', '[{port: 8080}]'),
    'api.ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: api, namespace: shop}\nspec:\n  rules: [{host: api.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}]}}]\n',
    'db.service.yaml': service('db', 'shop', '[{port: 5432}]'),
    'db.deployment.yaml': deploymentYaml('db', 'shop'),
    'edge.deployment.yaml': deploymentYaml('edge', 'kube-system'),
    'edge.service.yaml': service('edge', 'kube-system', '[{name: web, port: 80, nodePort: 30080}]', 'NodePort'),
    'jobs.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: nightly, namespace: shop}\n',
    'widgets.crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Namespaced, names: {kind: Widget, plural: widgets}}\n',
    'shop.configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop, namespace: shop}\n',
    '00-shop.namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  };

  test('each component after its Namespace, its CRD and what it talks to; a controller after what it routes to; name order otherwise; a cycle reported', () => {
    const order = folderApplyOrder(objectsOf(FOLDER));
    expect(order.steps).toEqual([
      { component: 'shop', files: ['00-shop.namespace.yaml', 'shop.configmap.yaml'], after: [] },
      { component: 'db', files: ['db.deployment.yaml', 'db.service.yaml'], after: ['shop'] },
      { component: 'api', files: ['api.deployment.yaml', 'api.service.yaml', 'api.ingress.yaml'], after: ['db', 'shop'] },
      { component: 'edge', files: ['edge.deployment.yaml', 'edge.service.yaml'], after: ['api'] },
      { component: 'widgets', files: ['widgets.crd.yaml'], after: [] },
      { component: 'jobs', files: ['jobs.yaml'], after: ['shop', 'widgets'] },
      // Neither can go first: the first by name is forced, and named.
      { component: 'ping', files: ['ping.deployment.yaml'], after: ['pong'] },
      { component: 'pong', files: ['pong.deployment.yaml', 'pong.service.yaml'], after: ['ping'] },
    ]);
    expect(order.cycle).toEqual(['ping']);
  });

  test('a store in a `00-` file still comes before the API that dials it (the prefix only sorts)', () => {
    const order = folderApplyOrder(objectsOf({
      'api.yaml': deploymentYaml('api', 'default', { DATABASE_URL: 'postgres://db:5432/shop' }),
      '00-db.yaml': `${deploymentYaml('db', 'default')}---\n${service('db', 'default', '[{port: 5432}]')}`,
    }));
    expect(order.steps).toEqual([
      { component: 'db', files: ['00-db.yaml'], after: [] },
      { component: 'api', files: ['api.yaml'], after: ['db'] },
    ]);
    expect(order.cycle).toEqual([]);
  });

  test('no cycle, no forced step', () => {
    const { ['ping.deployment.yaml']: _ping, ['pong.deployment.yaml']: _pong, ['pong.service.yaml']: _service, ...acyclic } = FOLDER;
    const order = folderApplyOrder(objectsOf(acyclic));
    expect(order.steps.map((s) => s.component)).toEqual(['shop', 'db', 'api', 'edge', 'widgets', 'jobs']);
    expect(order.cycle).toEqual([]);
  });

  test('only a leading 00- (a Namespace\'s file) is no part of the component\'s name', () => {
    const order = folderApplyOrder(objectsOf({ '00-ns.namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ns}\n', 'app100-v2.configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ns}\n' }));
    expect(order.steps.map((s) => [s.component, s.after])).toEqual([['ns', []], ['app100-v2', ['ns']]]);
  });


  test('only a Namespace orders its tenants and only a CRD its resources: objects of other kinds with their name or spec order nothing', () => {
    const order = folderApplyOrder(objectsOf({
      // a.* sorts first, so a wrong owner would be placed before z.* and listed in its `after`.
      'a.configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop, namespace: default}\n',
      'a.secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: b, namespace: default}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: crd-like, namespace: default}\ndata: {}\n',
      'b.widgets.yaml': 'apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t, namespace: default}\nspec: {group: example.com, names: {kind: Widget}}\n',
      'z.configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: z, namespace: shop}\n',
      'z.widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\n',
      'c.namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n',
    }));
    expect(order.steps.map((s) => [s.component, s.after])).toEqual([['a', []], ['b', []], ['c', []], ['z', []]]);
  });
  test('a component whose name holds 00- (not at its start) keeps it, and comes after the store it dials', () => {
    const order = folderApplyOrder(objectsOf({
      'app100-v2.deployment.yaml': deploymentYaml('app100-v2', 'default', { DATABASE_URL: 'postgres://db:5432/app' }),
      'db.service.yaml': service('db', 'default', '[{port: 5432}]'),
      'db.deployment.yaml': deploymentYaml('db', 'default'),
    }));
    expect(order.steps.map((s) => [s.component, s.after])).toEqual([['db', []], ['app100-v2', ['db']]]);
  });

  test('the files of a folder in name order, each with its documents in their order', () => {
    const objects = objectsOf({ 'b.yaml': 'kind: ConfigMap\napiVersion: v1\nmetadata: {name: b1}\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: b2}\n', 'a.yaml': 'kind: Secret\napiVersion: v1\nmetadata: {name: a}\n' });
    expect(objects.map((o) => o.name)).toEqual(['b1', 'b2', 'a']);
    const [b1, b2, a] = objects;
    expect(filesOf([b2, a, b1]).map((f) => [f.fileName, f.documents.map((d) => (d.metadata as { name: string }).name)])).toEqual([['a.yaml', ['a']], ['b.yaml', ['b1', 'b2']]]);
  });
});

describe('the ways into a folder', () => {
  const WAYS = {
    'api.service.yaml': service('api', 'shop', '[{name: http, port: 80, nodePort: 30001}]'),
    'edge.service.yaml': service('edge', 'kube-system', '[{name: http, port: 80, nodePort: 30080}, {port: 8080, nodePort: 30088}, {name: metrics, port: 9100}]', 'NodePort'),
    'zz.service.yaml': service('zz', 'default', '[{name: web, port: 80, nodePort: 30099}]', 'NodePort'),
    'api.ingress.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: api, namespace: shop}
spec:
  rules:
    - host: api.example
      http:
        paths:
          - {path: /, backend: {service: {name: api, port: {number: 80}}}}
          - {path: /v1, backend: {service: {name: api, port: {number: 80}}}}
          - {backend: {service: {name: api, port: {number: 80}}}}
    - http: {paths: [{path: /, backend: {service: {name: api, port: {number: 80}}}}]}
`,
  };
  const componentOf = (file: string) => file.split('.')[0];

  test('every fixed node port of a NodePort Service; every Ingress rule with a host, through the first node port serving port 80', () => {
    expect(folderEntryPoints(objectsOf(WAYS), componentOf)).toEqual([
      { component: 'edge', label: 'http', url: 'http://<node>:30080', viaNode: true },
      { component: 'edge', label: '8080', url: 'http://<node>:30088', viaNode: true },
      { component: 'zz', label: 'web', url: 'http://<node>:30099', viaNode: true },
      { component: 'api', label: 'api.example', url: 'http://api.example:30080', host: 'api.example', viaNode: true },
      { component: 'api', label: 'api.example', url: 'http://api.example:30080/v1', host: 'api.example', viaNode: true },
      { component: 'api', label: 'api.example', url: 'http://api.example:30080', host: 'api.example', viaNode: true },
    ]);
  });

  test('only a Service\'s node ports and an Ingress\'s rules are ways in: another kind with the same spec is none', () => {
    const lookalike = `apiVersion: example.com/v1
kind: Portal
metadata: {name: p, namespace: default}
spec:
  type: NodePort
  ports: [{name: http, port: 80, nodePort: 30080}]
  rules: [{host: portal.example, http: {paths: [{path: /, backend: {service: {name: api, port: {number: 80}}}}]}}]
`;
    expect(folderEntryPoints(objectsOf({ 'portal.yaml': lookalike }), componentOf)).toEqual([]);
    // With it beside a real Ingress, that Ingress is still reached through the cluster's controller, not the look-alike's port.
    expect(folderEntryPoints(objectsOf({ 'portal.yaml': lookalike, 'api.ingress.yaml': WAYS['api.ingress.yaml'] }), componentOf).map((p) => p.url)).toEqual(['http://api.example', 'http://api.example/v1', 'http://api.example']);
  });

  test('the controller\'s port is the node port serving port 80, not the first node port listed', () => {
    const folder = {
      'aaa.service.yaml': service('aaa', 'default', '[{name: https, port: 443, nodePort: 30443}]', 'NodePort'),
      'edge.service.yaml': service('edge', 'kube-system', '[{name: http, port: 80, nodePort: 30080}]', 'NodePort'),
      'api.ingress.yaml': WAYS['api.ingress.yaml'],
    };
    expect(folderEntryPoints(objectsOf(folder), componentOf).filter((p) => p.host !== undefined).map((p) => p.url)).toEqual(['http://api.example:30080', 'http://api.example:30080/v1', 'http://api.example:30080']);
  });

  test('without a node port for port 80, an Ingress is reached through the cluster\'s own controller', () => {
    const { ['edge.service.yaml']: _edge, ['zz.service.yaml']: _zz, ...rest } = WAYS;
    expect(folderEntryPoints(objectsOf(rest), componentOf)).toEqual([
      { component: 'api', label: 'api.example', url: 'http://api.example', host: 'api.example', viaNode: false },
      { component: 'api', label: 'api.example', url: 'http://api.example/v1', host: 'api.example', viaNode: false },
      { component: 'api', label: 'api.example', url: 'http://api.example', host: 'api.example', viaNode: false },
    ]);
  });
});

describe('the deploy plan of a folder on disk', () => {
  const temp = tempFolders('bernstein-plan-');
  const ORDER = [{ component: 'web', files: ['web.yaml'], after: [] }, { component: 'other', files: ['a.yaml', 'b.yaml'], after: [] }];
  const statefulSet = (name: string, app: string, image: string, namespace?: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
spec:
  selector: {matchLabels: {app: ${app}}}
  template: {metadata: {labels: {app: ${app}}}, spec: {containers: [{name: main, image: ${image}}]}}
`;

  test('relative to cwd; each workload\'s rollout reads its own manifest (kind, name and file told apart); extra manifests listed, others not', () => {
    const root = temp();
    writeFiles(path.join(root, 'k8s'), {
      'web.yaml': `${deploymentYaml('web', 'shop')}---\n${statefulSet('web', 'web-db', 'example/db:2', 'shop')}---\n${statefulSet('cache', 'cache', 'example/cache:3', 'shop')}`,
      'a.yaml': statefulSet('same', 'a', 'example/a:1', 'a'),
      'b.yaml': statefulSet('same', 'b', 'example/b:1', 'b'),
      'notes.yml': 'kind: [\n',
      'LOUD.YAML': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loud}\n',
      'readme.md': '# not a manifest',
      'values.json': '{}',
      'old.yaml.bak': configMapText('old'),
      // Listed in whatever order the file system keeps them: the plan sorts them.
      'zz.yaml': configMapText('zz'),
      'mm.yaml': configMapText('mm'),
      'aa.yml': configMapText('aa'),
    });
    const plan = buildDeployPlan('k8s', ORDER, { cwd: root });
    expect(plan).toMatchObject({ dir: 'k8s', timeout: DEFAULT_TIMEOUT, missing: [], extra: ['LOUD.YAML', 'aa.yml', 'mm.yaml', 'notes.yml', 'zz.yaml'], problems: [] });
    expect('context' in plan).toBe(false);
    expect(plan.objects.map((o) => o.ref)).toEqual(['ConfigMap/default/loud', 'StatefulSet/a/same', 'ConfigMap/default/aa', 'StatefulSet/b/same', 'ConfigMap/default/mm', 'Deployment/shop/web', 'StatefulSet/shop/web', 'StatefulSet/shop/cache', 'ConfigMap/default/zz']);
    expect(plan.components.map((c) => ({ index: c.index, name: c.name, apply: c.apply }))).toEqual([
      { index: 1, name: 'web', apply: ['apply', '-f', 'k8s/web.yaml'] },
      { index: 2, name: 'other', apply: ['apply', '-f', 'k8s/a.yaml', '-f', 'k8s/b.yaml'] },
    ]);
    expect(plan.components.flatMap((c) => c.rollouts.map((r) => ({ id: `${describeWorkload(r.workload)}`, args: r.args.join(' '), pods: r.pods?.join(' '), images: r.images })))).toEqual([
      { id: 'deployment/web (shop)', args: 'rollout status deployment/web -n shop --timeout=180s', pods: 'get pods -n shop -l app=web -o json', images: { web: 'example/web:1' } },
      { id: 'statefulset/web (shop)', args: 'rollout status statefulset/web -n shop --timeout=180s', pods: 'get pods -n shop -l app=web-db -o json', images: { main: 'example/db:2' } },
      { id: 'statefulset/cache (shop)', args: 'rollout status statefulset/cache -n shop --timeout=180s', pods: 'get pods -n shop -l app=cache -o json', images: { main: 'example/cache:3' } },
      { id: 'statefulset/same (a)', args: 'rollout status statefulset/same -n a --timeout=180s', pods: 'get pods -n a -l app=a -o json', images: { main: 'example/a:1' } },
      { id: 'statefulset/same (b)', args: 'rollout status statefulset/same -n b --timeout=180s', pods: 'get pods -n b -l app=b -o json', images: { main: 'example/b:1' } },
    ]);
    expect(plan.components[0].rollouts[0].waitFor('5s')).toEqual(['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=5s']);
  });

  test('a planned file that cannot be read is a problem; an extra one is not', () => {
    const root = temp();
    writeFiles(root, { 'web.yaml': 'kind: [\n', 'a.yaml': statefulSet('a', 'a', 'a:1'), 'b.yaml': statefulSet('b', 'b', 'b:1'), 'extra.yaml': 'kind: [\n' });
    const plan = buildDeployPlan(root, ORDER, { context: 'prod' });
    expect(plan.context).toBe('prod');
    expect(plan.problems).toEqual([expect.stringMatching(/^web\.yaml: unparseable YAML/)]);
    expect(plan.extra).toEqual(['extra.yaml']);
  });

  test('workloads are named as kubectl names them', () => {
    const w = { kind: 'DaemonSet', name: 'agent', namespace: undefined, effectiveNamespace: 'default', file: 'agent.yaml', rollout: true };
    expect([workloadId(w), describeWorkload(w)]).toEqual(['daemonset/agent', 'daemonset/agent (context namespace)']);
  });
});

test.each<[string, number]>([['1h2m3.5s', 3723.5], ['250ns', 250e-9], ['3us', 3e-6], ['3µs', 3e-6], ['2m', 120]])('kubectl duration %s is %d seconds', (duration, seconds) => {
  expect(durationSeconds(duration)).toBeCloseTo(seconds, 12);
});

test.each(['90', '', '1m 5s', '-5s', '5x'])('%j is no kubectl duration', (duration) => {
  expect(durationSeconds(duration)).toBeNaN();
});
