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

/** Ports of the API server: a rule for it cannot name it, so it opens these ports to every address. */
const API_PORTS = [443, 6443];
/** A port no pod of any universe listens on: a rule that allows every port shows there. */
const NOBODY_PORT = 1;

/** What the graph says, side by side: which flows a pod may open (egress) and accept (ingress). */
interface GraphSides {
  egress(src: ModelPod, dst: ModelPeer, port: Port): boolean;
  ingress(src: ModelPeer, dst: ModelPod, port: Port): boolean;
  /** Both sides, as a connection needs them (addresses have no policy side). */
  flow(src: ModelPeer, dst: ModelPeer, port: Port): boolean;
}

/** The graph's flows as (source, destination, port, protocol) keys; everything else in the universe must be denied. */
function expectedFromGraph(chart: Chart, stackPods: ReadonlyMap<string, ModelPod>, ownedNamespaces: ReadonlySet<string>, sources: readonly ModelPeer[]): GraphSides {
  const components = chart.node.findAll().filter(Component.isComponent).filter((c) => stackPods.has(`${c.namespace}/${c.componentName}`));
  const idOf = (c: Component) => `${c.namespace}/${c.componentName}`;
  // Every pod of the universe's stack is judged from a component's declarations.
  expect([...stackPods.keys()].filter((id) => !components.some((c) => idOf(c) === id))).toEqual([]);
  const outbound = new Map<string, Set<string>>();
  const inbound = new Map<string, Set<string>>();
  const usesApi = new Set(components.filter((c) => c.usesKubernetesApi).map(idOf));
  const add = (map: Map<string, Set<string>>, id: string, entry: string) => map.set(id, (map.get(id) ?? new Set()).add(entry));
  for (const c of components) {
    for (const e of [...c.connections, ...c.callbacks, ...c.peerEndpoints]) {
      add(outbound, idOf(c), `${idOf(e.component)} ${e.port}/TCP`);
      add(inbound, idOf(e.component), `${idOf(c)} ${e.port}/TCP`);
    }
    add(outbound, idOf(c), `${DNS.id} 53/UDP`);
    add(outbound, idOf(c), `${DNS.id} 53/TCP`);
    for (const x of c.exposures) {
      if (x.kind === 'nodePort') for (const s of sources) add(inbound, idOf(c), `${s.id} ${x.targetPort ?? x.port}/TCP`);
      else if (x.controller === undefined) for (const s of sources.filter((p) => p.kind === 'pod')) add(inbound, idOf(c), `${s.id} ${x.endpoint.port}/TCP`);
    }
  }
  const isStranger = (p: ModelPod) => p !== DNS && !stackPods.has(p.id);
  const egress = (src: ModelPod, dst: ModelPeer, port: Port): boolean => (isStranger(src)
    ? !ownedNamespaces.has(src.namespace)
    : (outbound.get(src.id)?.has(`${dst.id} ${port.port}/${port.protocol}`) ?? false)
      || (usesApi.has(src.id) && port.protocol === 'TCP' && API_PORTS.includes(port.port)));
  const ingress = (src: ModelPeer, dst: ModelPod, port: Port): boolean => (dst === DNS ? true
    : isStranger(dst) ? !ownedNamespaces.has(dst.namespace)
    : inbound.get(dst.id)?.has(`${src.id} ${port.port}/${port.protocol}`) ?? false);
  return {
    egress,
    ingress,
    flow: (src, dst, port) => (src.kind === 'address' || egress(src, dst, port)) && (dst.kind === 'address' || ingress(src, dst, port)),
  };
}

interface Universe {
  readonly model: PolicyModel;
  readonly pods: ReadonlyMap<string, ModelPod>;
  readonly sources: readonly ModelPeer[];
  readonly destinations: readonly ModelPeer[];
  readonly owned: ReadonlySet<string>;
  /** Every port any pod of the universe listens on, the API server's, and {@link NOBODY_PORT}, over TCP and UDP. */
  readonly probePorts: readonly Port[];
}

function universe(objects: readonly K8sObject[]): Universe {
  const stackPods = workloadPods(objects, podTemplate);
  expect(stackPods.length).toBeGreaterThan(0);
  const owned = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  // A pod of another tenant in every namespace the stack uses, and in one it does not; and in that
  // other namespace an impostor of every stack pod and of the cluster DNS, with their labels:
  // labels alone open nothing.
  const strangers = [
    ...[...new Set([...stackPods.map((p) => p.namespace), 'tenant'])].map(stranger),
    ...[...stackPods, DNS].map((p): ModelPod => ({ ...p, id: `tenant/impostor-${p.id.replace('/', '-')}`, namespace: 'tenant' })),
  ];
  const listening = [...stackPods, ...strangers, DNS].flatMap((p) => p.ports.map((x) => x.port));
  const probePorts = [...new Set([...listening, ...API_PORTS, NOBODY_PORT])].sort((a, b) => a - b)
    .flatMap((port) => ['TCP', 'UDP'].map((protocol) => ({ port, protocol })));
  return {
    model: new PolicyModel(objects),
    pods: new Map(stackPods.map((p) => [p.id, p])),
    sources: [...stackPods, ...strangers, WORLD],
    destinations: [...stackPods, ...strangers, DNS, API_SERVER],
    owned,
    probePorts,
  };
}

function portsOf(destination: ModelPeer): Port[] {
  if (destination === API_SERVER) return API_PORTS.map((port) => ({ port, protocol: 'TCP' }));
  return destination.kind === 'pod' ? destination.ports.map((p) => ({ port: p.port, protocol: p.protocol })) : [];
}

interface AllowedSets {
  /** Connections (both sides) over every pair and every listening port. */
  byPolicies: string[];
  byGraph: string[];
  /** Each pod's egress side alone, over every destination and every probe port (listening or not). */
  egressByPolicies: string[];
  egressByGraph: string[];
  /** Each pod's ingress side alone, over every source and every probe port. */
  ingressByPolicies: string[];
  ingressByGraph: string[];
  /** How many (side, pair, port) cases were judged. */
  judged: number;
  model: PolicyModel;
  pods: ReadonlyMap<string, ModelPod>;
}

/** Every (source, destination, port) of the universe the policies allow, and every one the graph allows, as whole connections and side by side. */
function allowedSets(chart: Chart, objects: readonly K8sObject[]): AllowedSets {
  const u = universe(objects);
  const expected = expectedFromGraph(chart, u.pods, u.owned, u.sources);
  const sets: AllowedSets = { byPolicies: [], byGraph: [], egressByPolicies: [], egressByGraph: [], ingressByPolicies: [], ingressByGraph: [], judged: 0, model: u.model, pods: u.pods };
  for (const src of u.sources) {
    for (const dst of u.destinations) {
      if (src.kind === 'address' && dst.kind === 'address') continue;
      for (const port of portsOf(dst)) {
        const key = `${src.id} -> ${dst.id} ${port.port}/${port.protocol}`;
        if (u.model.allows(src, dst, port.port, port.protocol)) sets.byPolicies.push(key);
        if (expected.flow(src, dst, port)) sets.byGraph.push(key);
      }
      for (const port of u.probePorts) {
        const key = `${src.id} -> ${dst.id} ${port.port}/${port.protocol}`;
        if (src.kind === 'pod') {
          sets.judged++;
          if (u.model.egressAllows(src, dst, port.port, port.protocol)) sets.egressByPolicies.push(key);
          if (expected.egress(src, dst, port)) sets.egressByGraph.push(key);
        }
        if (dst.kind === 'pod') {
          sets.judged++;
          if (u.model.ingressAllows(src, dst, port.port, port.protocol)) sets.ingressByPolicies.push(key);
          if (expected.ingress(src, dst, port)) sets.ingressByGraph.push(key);
        }
      }
    }
  }
  return sets;
}

const hardened = STACKS.filter((s) => s.profiles.includes('hardened'));

describe.each(hardened.map((s) => s.name))('stack %s, profile hardened', (stack) => {
  const result = synthesize({ stack, profile: 'hardened', env: {} });
  const objects = parseRendered(result.rendered).map((o) => o.object);
  const sets = allowedSets(result.chart, objects);
  const { byPolicies, byGraph, pods } = sets;

  test('the policies allow exactly the flows of the wiring graph, over every pod pair and every listening port', () => {
    expect(byPolicies).toEqual(byGraph);
    // Not vacuous: every pod of the stack takes part in some allowed flow, and many flows are denied.
    expect(pods.size).toBeGreaterThan(2);
    for (const id of pods.keys()) expect([id, byPolicies.some((k) => k.startsWith(`${id} -> `))]).toEqual([id, true]);
  });

  test('each pod\'s egress side, on its own, lets out exactly its outgoing flows: every destination, every port (one nobody listens on too)', () => {
    expect(sets.egressByPolicies).toEqual(sets.egressByGraph);
    for (const id of pods.keys()) {
      // Some flow out (DNS at least), and the port nobody listens on is closed to every destination.
      expect([id, sets.egressByPolicies.some((k) => k.startsWith(`${id} -> `))]).toEqual([id, true]);
      expect([id, sets.egressByPolicies.filter((k) => k.startsWith(`${id} -> `) && k.endsWith(` ${NOBODY_PORT}/TCP`))]).toEqual([id, []]);
    }
  });

  test('each pod\'s ingress side, on its own, lets in exactly its incoming flows: every source, every port (one nobody listens on too)', () => {
    expect(sets.ingressByPolicies).toEqual(sets.ingressByGraph);
    for (const id of pods.keys()) {
      expect([id, sets.ingressByPolicies.filter((k) => k.includes(` -> ${id} `) && k.endsWith(` ${NOBODY_PORT}/TCP`))]).toEqual([id, []]);
    }
    expect(sets.judged).toBeGreaterThan(1000);
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

// Literal flows of the other stacks, read from their seed projects (not from declaredFlows): who
// connects to whom, and a few neighbours that must stay apart.
describe.each([
  ['promotions', 'default', ['default/promotions:8080'], [
    ['promotions', 'mongodb', 27017, true],
    ['logger', 'mongodb', 27017, true],
    ['promotions', 'logger', 8080, true],
    ['logger', 'promotions', 8080, false],
    ['mongodb', 'logger', 8080, false],
    ['mongodb', 'promotions', 8080, false],
    ['promotions', 'mongodb', 8080, false],
  ]],
  ['lifespan', 'lifespan', ['lifespan/frontend:3000'], [
    ['frontend', 'backend', 5000, true],
    ['backend', 'mysql', 3306, true],
    ['frontend', 'mysql', 3306, false],
    ['mysql', 'backend', 5000, false],
    ['backend', 'frontend', 3000, false],
  ]],
  ['smack', 'smack', [], [
    ['ingest', 'kafka', 9092, true],
    ['ingest', 'cassandra', 9042, true],
    ['kafka', 'kafka', 9093, true],
    ['cassandra', 'cassandra', 7000, true],
    ['spark-worker', 'spark-master', 7077, true],
    ['spark-master', 'spark-worker', 7078, true],
    ['ingest', 'kafka', 9093, false],
    ['ingest', 'spark-master', 7077, false],
    ['kafka', 'cassandra', 9042, false],
    ['spark-worker', 'cassandra', 9042, false],
    ['cassandra', 'ingest', 8080, false],
  ]],
] as const)('%s hardened, flow by flow', (stack, namespace, exposed, flows) => {
  const result = synthesize({ stack, profile: 'hardened', env: {} });
  const objects = parseRendered(result.rendered).map((o) => o.object);
  const model = new PolicyModel(objects);
  const pods = new Map(workloadPods(objects, podTemplate).map((p) => [p.id, p]));
  const pod = (name: string): ModelPod => {
    const found = pods.get(`${namespace}/${name}`);
    if (!found) throw new Error(`no pod ${namespace}/${name} in ${[...pods.keys()].join(', ')}`);
    return found;
  };

  test.each(flows.map((f) => [...f]))('%s -> %s:%d allowed: %s', (from, to, port, allowed) => {
    expect(model.allows(pod(from), pod(to), port)).toBe(allowed);
  });

  test('a pod of another namespace reaches only what the seed exposes; every pod resolves names', () => {
    const outsider = stranger('tenant');
    expect(pods.size).toBeGreaterThan(2);
    const reachable: string[] = [];
    for (const p of pods.values()) {
      expect(p.ports.length).toBeGreaterThan(0);
      for (const { port } of p.ports) if (model.allows(outsider, p, port)) reachable.push(`${p.id}:${port}`);
      expect([p.id, model.allows(p, DNS, 53, 'UDP')]).toEqual([p.id, true]);
    }
    expect(reachable).toEqual(exposed);
  });
});
