// The hardened profiles' NetworkPolicies, EVALUATED (test/helpers/network-policy.ts) over every
// pair of pods and every port they listen on, allow exactly the flows the wiring graph declares:
// the expectation below is computed from the components (connections, callbacks, peer ports,
// exposures, API use), not from the policies nor from the code that writes them.
import { App, Chart } from 'cdk8s';
import { Component } from '../../src/constructs/component';
import { Postgres } from '../../src/constructs/postgres';
import { Redis } from '../../src/constructs/redis';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { STACKS } from '../../src/charts/stacks';
import { addNetworkPolicies } from '../../src/network/policies';
import { layoutChart } from '../../src/output/layout';
import { renderYaml } from '../../src/output/render';
import { synthesize } from '../../src/synth';
import { at, K8sObject, parseRendered, WORKLOAD_KINDS } from '../helpers/manifests';
import { ModelAddress, ModelPeer, ModelPod, PolicyModel, workloadPods } from '../helpers/network-policy';

type Port = { port: number; protocol: string };

function podTemplate(o: K8sObject): { labels: Record<string, string>; ports: ModelPod['ports'] } | undefined {
  if (!WORKLOAD_KINDS.includes(o.kind)) return undefined;
  const template = o.kind === 'CronJob' ? at(o, 'spec', 'jobTemplate', 'spec', 'template') : at(o, 'spec', 'template');
  const containers = at<Array<{ ports?: Array<{ containerPort: number; protocol?: string; name?: string }> }>>(template, 'spec', 'containers') ?? [];
  return {
    labels: at<Record<string, string>>(template, 'metadata', 'labels') ?? {},
    ports: containers.flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name }))),
  };
}

const WORLD: ModelAddress = { kind: 'address', id: '(world)' };
const API_SERVER: ModelAddress = { kind: 'address', id: '(api-server)' };
const DNS: ModelPod = { kind: 'pod', id: 'kube-system/coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] };
const stranger = (namespace: string): ModelPod => ({ kind: 'pod', id: `${namespace}/stranger`, namespace, labels: { app: 'stranger' }, ports: [{ port: 80, protocol: 'TCP' }] });

/** The objects of a chart, as files would hold them. */
function objectsOf(chart: Chart): K8sObject[] {
  return parseRendered(new Map(layoutChart(chart).map((f) => [f.fileName, renderYaml(f.documents)]))).map((o) => o.object);
}

/** What the graph says: (source, destination, port, protocol) keys that must be allowed; everything else in the universe must not. */
function expectedFromGraph(chart: Chart, stackPods: ReadonlyMap<string, ModelPod>, ownedNamespaces: ReadonlySet<string>, sources: readonly ModelPeer[]) {
  const components = chart.node.findAll().filter(Component.isComponent).filter((c) => stackPods.has(`${c.namespace}/${c.componentName}`));
  const idOf = (c: Component) => `${c.namespace}/${c.componentName}`;
  const outbound = new Map<string, Set<string>>();
  const inbound = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, id: string, entry: string) => map.set(id, (map.get(id) ?? new Set()).add(entry));
  for (const c of components) {
    for (const e of [...c.connections, ...c.callbacks, ...c.peerEndpoints]) {
      add(outbound, idOf(c), `${idOf(e.component)} ${e.port}/TCP`);
      add(inbound, idOf(e.component), `${idOf(c)} ${e.port}/TCP`);
    }
    add(outbound, idOf(c), `${DNS.id} 53/UDP`);
    add(outbound, idOf(c), `${DNS.id} 53/TCP`);
    if (c.usesKubernetesApi) for (const port of [443, 6443]) add(outbound, idOf(c), `${API_SERVER.id} ${port}/TCP`);
    for (const x of c.exposures) {
      if (x.kind === 'nodePort') for (const s of sources) add(inbound, idOf(c), `${s.id} ${x.targetPort ?? x.port}/TCP`);
      else if (x.controller === undefined) for (const s of sources.filter((p) => p.kind === 'pod')) add(inbound, idOf(c), `${s.id} ${x.endpoint.port}/TCP`);
    }
  }
  const isStranger = (p: ModelPeer) => p.kind === 'pod' && p !== DNS && !stackPods.has(p.id);
  return (src: ModelPeer, dst: ModelPeer, port: Port): boolean => {
    const egress = src.kind === 'address' ? true
      : isStranger(src) ? !ownedNamespaces.has(src.namespace)
      : outbound.get(src.id)?.has(`${dst.id} ${port.port}/${port.protocol}`) ?? false;
    const ingress = dst.kind === 'address' || dst === DNS ? true
      : isStranger(dst) ? !ownedNamespaces.has(dst.namespace)
      : inbound.get(dst.id)?.has(`${src.id} ${port.port}/${port.protocol}`) ?? false;
    return egress && ingress;
  };
}

interface Universe {
  readonly model: PolicyModel;
  readonly pods: ReadonlyMap<string, ModelPod>;
  readonly sources: readonly ModelPeer[];
  readonly destinations: readonly ModelPeer[];
  readonly owned: ReadonlySet<string>;
}

function universe(objects: readonly K8sObject[]): Universe {
  const stackPods = workloadPods(objects, podTemplate);
  const owned = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  // A pod of another tenant in every namespace the stack uses, and in one it does not; and in that
  // other namespace an impostor of every stack pod, with its labels: labels alone open nothing.
  const strangers = [
    ...[...new Set([...stackPods.map((p) => p.namespace), 'tenant'])].map(stranger),
    ...stackPods.map((p): ModelPod => ({ ...p, id: `tenant/impostor-${p.id.replace('/', '-')}`, namespace: 'tenant' })),
  ];
  return {
    model: new PolicyModel(objects),
    pods: new Map(stackPods.map((p) => [p.id, p])),
    sources: [...stackPods, ...strangers, WORLD],
    destinations: [...stackPods, ...strangers, DNS, API_SERVER],
    owned,
  };
}

function portsOf(destination: ModelPeer): Port[] {
  if (destination === API_SERVER) return [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }];
  return destination.kind === 'pod' ? destination.ports.map((p) => ({ port: p.port, protocol: p.protocol })) : [];
}

/** Every (source, destination, port) of the universe the policies allow, and every one the graph allows. */
function allowedSets(chart: Chart, objects: readonly K8sObject[]): { byPolicies: string[]; byGraph: string[]; model: PolicyModel; pods: ReadonlyMap<string, ModelPod> } {
  const u = universe(objects);
  const expected = expectedFromGraph(chart, u.pods, u.owned, u.sources);
  const byPolicies: string[] = [];
  const byGraph: string[] = [];
  for (const src of u.sources) {
    for (const dst of u.destinations) {
      if (src.kind === 'address' && dst.kind === 'address') continue;
      for (const port of portsOf(dst)) {
        const key = `${src.id} -> ${dst.id} ${port.port}/${port.protocol}`;
        if (u.model.allows(src, dst, port.port, port.protocol)) byPolicies.push(key);
        if (expected(src, dst, port)) byGraph.push(key);
      }
    }
  }
  return { byPolicies, byGraph, model: u.model, pods: u.pods };
}

const hardened = STACKS.filter((s) => s.profiles.includes('hardened'));

describe.each(hardened.map((s) => s.name))('stack %s, profile hardened', (stack) => {
  const result = synthesize({ stack, profile: 'hardened', env: {} });
  const objects = parseRendered(result.rendered).map((o) => o.object);
  const { byPolicies, byGraph, pods } = allowedSets(result.chart, objects);

  test('the policies allow exactly the flows of the wiring graph, over every pod pair and every listening port', () => {
    expect(byPolicies).toEqual(byGraph);
    // Not vacuous: every pod of the stack takes part in some allowed flow, and many flows are denied.
    for (const id of pods.keys()) expect([id, byPolicies.some((k) => k.startsWith(`${id} -> `))]).toEqual([id, true]);
  });

  test('every pod of the stack is selected by a policy for ingress and egress (default deny)', () => {
    const model = new PolicyModel(objects);
    const probe = { kind: 'pod' as const, id: 'tenant/probe', namespace: 'tenant', labels: { app: 'probe' }, ports: [{ port: 1, protocol: 'TCP' }] };
    for (const pod of pods.values()) {
      // Port 1 is nobody's: an unselected pod would accept it, a selected one refuses it both ways.
      expect([pod.id, model.allows(probe, pod, 1), model.allows(pod, probe, 1)]).toEqual([pod.id, false, false]);
    }
  });
});

describe('bernstein hardened, flow by flow', () => {
  const result = synthesize({ profile: 'hardened', env: {} });
  const objects = parseRendered(result.rendered).map((o) => o.object);
  const { model, pods } = allowedSets(result.chart, objects);
  const pod = (name: string) => pods.get(name.includes('/') ? name : `default/${name}`)!;
  const other = stranger('default');

  test.each([
    ['poll', 'redis', 6379, true],
    ['worker', 'redis', 6379, true],
    ['worker', 'postgres', 5432, true],
    ['result', 'postgres', 5432, true],
    ['kube-public/traefik', 'poll', 80, true],
    ['kube-public/traefik', 'result', 80, true],
    ['poll', 'postgres', 5432, false],
    ['result', 'redis', 6379, false],
    ['redis', 'postgres', 5432, false],
    ['poll', 'result', 80, false],
    ['kube-system/cadvisor', 'postgres', 5432, false],
    ['kube-system/cadvisor', 'redis', 6379, false],
  ] as const)('%s -> %s:%d allowed: %s', (from, to, port, allowed) => {
    expect(model.allows(pod(from), pod(to), port)).toBe(allowed);
  });

  test('another tenant of the default namespace reaches no Bernstein store, and is itself left alone', () => {
    expect(model.allows(other, pod('postgres'), 5432)).toBe(false);
    expect(model.allows(other, pod('redis'), 6379)).toBe(false);
    expect(model.allows(other, stranger('default'), 80)).toBe(true);
    expect(model.allows(other, DNS, 53, 'UDP')).toBe(true);
  });

  test('the outside world reaches Traefik on its HTTP and dashboard container ports, and nothing else', () => {
    expect(model.allows(WORLD, pod('kube-public/traefik'), 8000)).toBe(true);
    expect(model.allows(WORLD, pod('kube-public/traefik'), 8080)).toBe(true);
    expect(model.allows(WORLD, pod('poll'), 80)).toBe(false);
    expect(model.allows(WORLD, pod('postgres'), 5432)).toBe(false);
  });

  test('every pod resolves names; only Traefik reaches the API server', () => {
    for (const p of pods.values()) {
      expect([p.id, model.allows(p, DNS, 53, 'UDP'), model.allows(p, DNS, 53, 'TCP')]).toEqual([p.id, true, true]);
      expect([p.id, model.allows(p, API_SERVER, 6443)]).toEqual([p.id, p.id === 'kube-public/traefik']);
    }
  });
});

describe('policies follow the chart: a connection added or removed adds or removes its flow', () => {
  function chartWith(workerUsesPostgres: boolean): { model: PolicyModel; pods: ReadonlyMap<string, ModelPod> } {
    const chart = new Chart(new App(), 'test', { disableResourceNameHashes: true });
    const redis = new Redis(chart, 'Redis', { restricted: true });
    const postgres = new Postgres(chart, 'Postgres', { credentials: { user: 'u', password: 'p4ssw0rd-for-tests', database: 'd' }, restricted: true });
    new StatelessApp(chart, 'Worker', { name: 'worker', image: 'me/worker:1', env: [...redis.connectionEnv(), ...(workerUsesPostgres ? postgres.connectionEnv() : [])] });
    addNetworkPolicies(chart);
    const objects = objectsOf(chart);
    const { byPolicies, byGraph, model, pods } = allowedSets(chart, objects);
    expect(byPolicies).toEqual(byGraph);
    return { model, pods };
  }

  test('worker -> postgres is allowed only while the worker binds postgres\'s connection variables', () => {
    const withIt = chartWith(true);
    const without = chartWith(false);
    expect(withIt.model.allows(withIt.pods.get('default/worker')!, withIt.pods.get('default/postgres')!, 5432)).toBe(true);
    expect(without.model.allows(without.pods.get('default/worker')!, without.pods.get('default/postgres')!, 5432)).toBe(false);
    // The redis flow is untouched either way.
    expect(without.model.allows(without.pods.get('default/worker')!, without.pods.get('default/redis')!, 6379)).toBe(true);
  });
});
