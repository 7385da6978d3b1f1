import { ManifestFile } from '../output/layout';
import { podReferences, PodTemplate, podTemplateOf, REPLICATED_KINDS } from '../manifests';
import { arr, compareText, field, num, OwnedObject, ownedObjects, rec, str } from './objects';

/** How a node is drawn. */
export type NodeShape = 'component' | 'configmap' | 'secret' | 'volume' | 'outside';

/** A box of the picture. */
export interface TopologyNode {
  /** Unique, stable key (`component:poll`, `ConfigMap:default/redis-config`, …). */
  readonly key: string;
  readonly shape: NodeShape;
  /** Label, one entry per line, unescaped. */
  readonly lines: readonly string[];
  /** Namespace subgraph the node is drawn in; undefined for nodes outside the cluster's namespaces. */
  readonly namespace: string | undefined;
  /** Readable basis of the Mermaid id (sanitized and deduplicated when rendered). */
  readonly idHint: string;
}

/**
 * What an edge means.
 * - `nodePort`: traffic from outside the cluster through node ports;
 * - `route`: an Ingress rule or HTTPRoute, from the ingress (or Gateway) controller to the routed component;
 * - `dataFlow`: a component that reads another component's ConfigMap/Secret talks to it;
 * - `uses`: a ConfigMap/Secret read by a component's containers (env, envFrom, volumes);
 * - `mounts`: a component mounting a PersistentVolumeClaim.
 */
export type EdgeKind = 'nodePort' | 'route' | 'dataFlow' | 'uses' | 'mounts';

/** Order of edge kinds in the output. */
export const EDGE_KINDS: readonly EdgeKind[] = ['nodePort', 'route', 'dataFlow', 'uses', 'mounts'];

/** An arrow of the picture, between node keys. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

/** Everything the picture shows, derived from the synthesized objects. */
export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

export const USER_KEY = 'outside:user';
export const INGRESS_CONTROLLER_KEY = 'outside:ingress-controller';
export const GATEWAY_CONTROLLER_KEY = 'outside:gateway-controller';
const HTTP_PORT = 80;

type StoreKind = 'ConfigMap' | 'Secret';

interface Workload {
  readonly object: OwnedObject;
  readonly namespace: string;
  readonly pod: Record<string, unknown>;
  readonly template: PodTemplate;
}

const componentKey = (component: string): string => `component:${component}`;
const storeKey = (kind: StoreKind, namespace: string, name: string): string => `${kind}:${namespace}/${name}`;
const claimKey = (namespace: string, name: string): string => `PersistentVolumeClaim:${namespace}/${name}`;
const byName = (a: OwnedObject, b: OwnedObject): number => compareText(a.kind, b.kind) || compareText(a.name, b.name);

/** Storage a claim (or claim template) requests, e.g. `1Gi`. */
function requestedStorage(claim: unknown): string | undefined {
  const storage = field(claim, 'spec', 'resources', 'requests', 'storage');
  return typeof storage === 'number' ? String(storage) : str(storage);
}

/** Names of the ConfigMaps and Secrets a workload's pods read: env valueFrom, envFrom, volumes (projected too). */
function storeReferences(workload: Workload): { kind: StoreKind; name: string }[] {
  return podReferences(workload.template).payloads.flatMap((ref) => (ref.name ? [{ kind: ref.kind, name: ref.name }] : []));
}

/** Where the pod's containers mount the volume called `volumeName`. */
function mountPaths(pod: Record<string, unknown>, volumeName: string): string[] {
  const paths = new Set<string>();
  for (const container of [...arr(pod.containers), ...arr(pod.initContainers)]) {
    for (const mount of arr(rec(container).volumeMounts)) {
      const path = str(rec(mount).mountPath);
      if (rec(mount).name === volumeName && path !== undefined) paths.add(path);
    }
  }
  return [...paths].sort(compareText);
}

/**
 * `Deployment ×2`, `Deployment ×2–6` (scaled by a HorizontalPodAutoscaler), `DaemonSet`, `Job
 * migrate` (the name only when it is not the component's).
 */
function workloadLine(workload: Workload, autoscaled: ReadonlyMap<string, string>): string {
  const { kind, name, component, doc, namespace } = workload.object;
  const named = name === component || name === '' ? kind : `${kind} ${name}`;
  if (!REPLICATED_KINDS.has(kind)) return named;
  return `${named} ×${autoscaled.get(`${namespace}/${kind}/${name}`) ?? num(field(doc, 'spec', 'replicas')) ?? 1}`;
}

/** `min–max` replicas of every workload a HorizontalPodAutoscaler scales, by `namespace/kind/name`. */
function autoscaledRanges(objects: readonly OwnedObject[]): Map<string, string> {
  return new Map(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').flatMap((o) => {
    const kind = str(field(o.doc, 'spec', 'scaleTargetRef', 'kind'));
    const name = str(field(o.doc, 'spec', 'scaleTargetRef', 'name'));
    const max = num(field(o.doc, 'spec', 'maxReplicas'));
    return kind && name && max !== undefined ? [[`${o.namespace}/${kind}/${name}`, `${num(field(o.doc, 'spec', 'minReplicas')) ?? 1}–${max}`] as [string, string]] : [];
  }));
}

/** Ingress class of an Ingress: `spec.ingressClassName` or the legacy annotation. */
function ingressClass(ingress: OwnedObject): string | undefined {
  return str(field(ingress.doc, 'spec', 'ingressClassName'))
    ?? str(field(ingress.doc, 'metadata', 'annotations', 'kubernetes.io/ingress.class'));
}

/** Backends of an Ingress with the host and path that lead to them (networking/v1 and v1beta1 shapes). */
function ingressBackends(ingress: OwnedObject): { host?: string; path?: string; service: string }[] {
  const serviceOf = (backend: unknown): string | undefined =>
    str(field(backend, 'service', 'name')) ?? str(rec(backend).serviceName);
  const out: { host?: string; path?: string; service: string }[] = [];
  for (const backend of [field(ingress.doc, 'spec', 'defaultBackend'), field(ingress.doc, 'spec', 'backend')]) {
    const service = serviceOf(backend);
    if (service !== undefined) out.push({ service });
  }
  for (const rule of arr(field(ingress.doc, 'spec', 'rules'))) {
    for (const path of arr(field(rule, 'http', 'paths'))) {
      const service = serviceOf(rec(path).backend);
      if (service !== undefined) out.push({ host: str(rec(rule).host), path: str(rec(path).path), service });
    }
  }
  return out;
}

/** Backends of an HTTPRoute (Services only) with the hosts and path prefixes that lead to them. */
function httpRouteBackends(route: OwnedObject): { host?: string; path?: string; service: string; namespace: string }[] {
  const hosts = arr(field(route.doc, 'spec', 'hostnames')).map(str).filter((h): h is string => h !== undefined);
  const out: { host?: string; path?: string; service: string; namespace: string }[] = [];
  for (const rule of arr(field(route.doc, 'spec', 'rules'))) {
    const paths = arr(rec(rule).matches).map((m) => str(field(m, 'path', 'value')));
    for (const backend of arr(rec(rule).backendRefs)) {
      const service = str(rec(backend).name);
      const kind = str(rec(backend).kind) ?? 'Service';
      if (service === undefined || kind !== 'Service') continue;
      const namespace = str(rec(backend).namespace) ?? route.namespace ?? '';
      for (const host of hosts.length > 0 ? hosts : [undefined]) {
        for (const path of paths.length > 0 ? paths : [undefined]) out.push({ host, path, service, namespace });
      }
    }
  }
  return out;
}

/** `:30021`, or `:auto→80` for a NodePort port whose node port the cluster picks. */
function nodePortLabels(service: OwnedObject): { port: number; label: string }[] {
  const type = str(field(service.doc, 'spec', 'type'));
  if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
  const out: { port: number; label: string }[] = [];
  for (const port of arr(field(service.doc, 'spec', 'ports'))) {
    const nodePort = num(rec(port).nodePort);
    if (nodePort !== undefined) out.push({ port: nodePort, label: `:${nodePort}` });
    else if (type === 'NodePort') out.push({ port: Number.MAX_SAFE_INTEGER, label: `:auto→${num(rec(port).port) ?? '?'}` });
  }
  return out.sort((a, b) => a.port - b.port || compareText(a.label, b.label));
}

/** True when the Service is reachable from outside on port 80 (what an ingress controller exposes). */
function exposesHttpOnNodes(service: OwnedObject): boolean {
  return nodePortLabels(service).length > 0
    && arr(field(service.doc, 'spec', 'ports')).some((p) => num(rec(p).port) === HTTP_PORT);
}

/**
 * `namespace/service` keys of the Services a setting addresses: URL-like tokens with a scheme or a
 * port (`http://backend:5000`, `spark-master:7077`, `logger.default.svc:8080`), whose first host
 * label is the Service and second, when present, its namespace.
 */
function servicesNamedIn(value: string, namespace: string): string[] {
  const out: string[] = [];
  for (const token of value.split(/[\s,;]+/)) {
    const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/]*@)?([a-z0-9-]+)((?:\.[a-z0-9-]+)*)(?::(\d+))?(?:\/.*)?$/.exec(token);
    if (!match || (match[1] === undefined && match[4] === undefined)) continue;
    const [second] = match[3].split('.').filter((label) => label !== '');
    out.push(`${second !== undefined && second !== 'svc' ? second : namespace}/${match[2]}`);
  }
  return out;
}

/**
 * Derives the topology of a synthesized chart: components per namespace, the ConfigMaps,
 * Secrets and claims they use, who talks to whom, Ingress routes and node ports.
 * Nothing is specific to a stack: the component of an object is its file stem.
 */
export function deriveTopology(files: readonly ManifestFile[]): Topology {
  const objects = ownedObjects(files).sort((a, b) => compareText(a.component, b.component) || byName(a, b));
  const autoscaled = autoscaledRanges(objects);
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const addNode = (node: TopologyNode): string => {
    if (!nodes.has(node.key)) nodes.set(node.key, node);
    return node.key;
  };
  const addEdge = (edge: TopologyEdge): void => {
    if (edge.from !== edge.to) edges.set([edge.kind, edge.from, edge.to, edge.label ?? ''].join('\u0000'), edge);
  };

  // Components: their workloads and the namespace they live in.
  const workloads: Workload[] = [];
  const components = new Map<string, { namespace: string | undefined; workloads: Workload[]; runs: boolean }>();
  for (const object of objects) {
    const entry = components.get(object.component) ?? { namespace: undefined, workloads: [], runs: false };
    components.set(object.component, entry);
    const template = podTemplateOf(object.object);
    if (template) {
      const workload = { object, namespace: template.namespace, pod: template.spec, template };
      workloads.push(workload);
      entry.workloads.push(workload);
    }
    if (template || object.kind === 'Service') entry.runs = true;
  }
  for (const [name, entry] of components) {
    const namespaces = objects.filter((o) => o.component === name && o.namespace !== undefined).map((o) => o.namespace!);
    entry.namespace = entry.workloads[0]?.namespace ?? namespaces.sort(compareText)[0];
  }
  const componentNode = (name: string): string => {
    const entry = components.get(name);
    return addNode({
      key: componentKey(name),
      shape: 'component',
      lines: [name, ...(entry?.workloads ?? []).map((w) => workloadLine(w, autoscaled))],
      namespace: entry?.namespace,
      idHint: `c_${name}`,
    });
  };
  // A component is drawn when it runs something (pods or a Service). One holding only settings,
  // policies, roles or its Namespace (the hardened profiles' namespace component) appears only
  // when an edge needs it: a box with nothing in it and no arrow says nothing.
  for (const [name, entry] of components) if (entry.runs) componentNode(name);

  // ConfigMaps, Secrets and claims of the chart.
  const stores = new Map<string, OwnedObject>();
  const services = new Map<string, OwnedObject>();
  for (const object of objects) {
    if (object.namespace === undefined) continue;
    if (object.kind === 'ConfigMap' || object.kind === 'Secret') {
      const key = storeKey(object.kind, object.namespace, object.name);
      stores.set(key, object);
      addNode({ key, shape: object.kind === 'ConfigMap' ? 'configmap' : 'secret', lines: [object.name, object.kind], namespace: object.namespace, idHint: `${object.kind === 'ConfigMap' ? 'cm' : 'secret'}_${object.name}` });
    } else if (object.kind === 'PersistentVolumeClaim') {
      const storage = requestedStorage(object.doc);
      addNode({ key: claimKey(object.namespace, object.name), shape: 'volume', lines: [object.name, storage ? `PVC ${storage}` : 'PVC'], namespace: object.namespace, idHint: `pvc_${object.name}` });
    } else if (object.kind === 'Service') {
      services.set(`${object.namespace}/${object.name}`, object);
    }
  }

  // What each workload reads and mounts.
  for (const workload of workloads) {
    const consumer = componentNode(workload.object.component);
    for (const ref of storeReferences(workload)) {
      const key = storeKey(ref.kind, workload.namespace, ref.name);
      const store = stores.get(key);
      if (!store) {
        addNode({ key, shape: ref.kind === 'ConfigMap' ? 'configmap' : 'secret', lines: [ref.name, `${ref.kind} (not in chart)`], namespace: workload.namespace, idHint: `${ref.kind === 'ConfigMap' ? 'cm' : 'secret'}_${ref.name}` });
      }
      addEdge({ from: key, to: consumer, kind: 'uses' });
      if (store && store.component !== workload.object.component && components.get(store.component)?.runs) {
        addEdge({ from: consumer, to: componentNode(store.component), kind: 'dataFlow' });
      }
    }
    for (const { claimName: claim, volume } of podReferences(workload.template).claims) {
      const key = claimKey(workload.namespace, claim);
      addNode({ key, shape: 'volume', lines: [claim, 'PVC (not in chart)'], namespace: workload.namespace, idHint: `pvc_${claim}` });
      const paths = mountPaths(workload.pod, volume);
      addEdge({ from: consumer, to: key, kind: 'mounts', label: paths.length > 0 ? paths.join(', ') : undefined });
    }
    for (const template of arr(field(workload.object.doc, 'spec', 'volumeClaimTemplates'))) {
      const name = str(field(template, 'metadata', 'name'));
      if (name === undefined) continue;
      const storage = requestedStorage(template);
      const key = `PersistentVolumeClaimTemplate:${workload.namespace}/${workload.object.name}/${name}`;
      addNode({ key, shape: 'volume', lines: [name, storage ? `PVC per pod ${storage}` : 'PVC per pod'], namespace: workload.namespace, idHint: `pvc_${workload.object.name}_${name}` });
      const paths = mountPaths(workload.pod, name);
      addEdge({ from: consumer, to: key, kind: 'mounts', label: paths.length > 0 ? paths.join(', ') : undefined });
    }
  }

  // Settings that name another component's Service (`http://logger:8080`, `spark://spark-master:7077`)
  // are connections too, whether the value sits in a ConfigMap the pods read (even the consumer's
  // own) or in a container's env.
  for (const workload of workloads) {
    const consumer = workload.object.component;
    const settings: string[] = [];
    for (const ref of storeReferences(workload)) {
      const store = stores.get(storeKey(ref.kind, workload.namespace, ref.name));
      if (store?.kind === 'ConfigMap') settings.push(...Object.values(rec(field(store.doc, 'data'))).flatMap((v) => str(v) ?? []));
    }
    for (const container of [...arr(workload.pod.containers), ...arr(workload.pod.initContainers)]) {
      settings.push(...arr(rec(container).env).flatMap((variable) => str(rec(variable).value) ?? []));
    }
    for (const value of settings) {
      for (const target of servicesNamedIn(value, workload.namespace)) {
        const service = services.get(target);
        if (service && service.component !== consumer) addEdge({ from: componentNode(consumer), to: componentNode(service.component), kind: 'dataFlow' });
      }
    }
  }

  // Node ports: traffic from outside the cluster.
  for (const service of services.values()) {
    const labels = nodePortLabels(service);
    if (labels.length === 0) continue;
    addNode({ key: USER_KEY, shape: 'outside', lines: ['user / node ports'], namespace: undefined, idHint: 'user' });
    addEdge({ from: USER_KEY, to: componentNode(service.component), kind: 'nodePort', label: labels.map((l) => l.label).join(' / ') });
  }

  // Ingress routes, from the controller that serves them.
  const controllers = [...new Set([...services.values()].filter(exposesHttpOnNodes).map((s) => s.component))].sort(compareText);
  const classOwners = new Map(objects.filter((o) => o.kind === 'IngressClass').map((o) => [o.name, o.component]));
  const controllerOf = (ingress: OwnedObject): string => {
    const cls = ingressClass(ingress);
    const owner = cls === undefined ? undefined : classOwners.get(cls);
    const chosen = (owner !== undefined && components.get(owner)?.runs ? owner : undefined)
      ?? controllers.find((c) => c === cls)
      ?? controllers[0];
    if (chosen !== undefined) return componentNode(chosen);
    return addNode({ key: INGRESS_CONTROLLER_KEY, shape: 'component', lines: ['ingress controller'], namespace: undefined, idHint: 'ingress_controller' });
  };
  for (const ingress of objects.filter((o) => o.kind === 'Ingress' && o.namespace !== undefined)) {
    const backends = ingressBackends(ingress);
    if (backends.length === 0) continue;
    const controller = controllerOf(ingress);
    for (const backend of backends) {
      const target = services.get(`${ingress.namespace}/${backend.service}`)?.component ?? ingress.component;
      const path = backend.path !== undefined && backend.path !== '/' ? backend.path : '';
      addEdge({ from: controller, to: componentNode(target), kind: 'route', label: `${backend.host ?? '*'}${path}` });
    }
  }

  // Gateway API routes, from the controller of the Gateway they attach to: the component owning
  // the Gateway (or its GatewayClass) when it runs pods, else a "gateway controller" outside.
  const gateways = new Map(objects.filter((o) => o.kind === 'Gateway' && o.namespace !== undefined).map((o) => [`${o.namespace}/${o.name}`, o]));
  const gatewayClassOwners = new Map(objects.filter((o) => o.kind === 'GatewayClass').map((o) => [o.name, o.component]));
  const runs = (component: string | undefined): component is string => component !== undefined && components.get(component)?.runs === true;
  const gatewayControllerOf = (parent: unknown, routeNamespace: string): string => {
    const gateway = gateways.get(`${str(rec(parent).namespace) ?? routeNamespace}/${str(rec(parent).name) ?? ''}`);
    const classOwner = gateway && gatewayClassOwners.get(str(field(gateway.doc, 'spec', 'gatewayClassName')) ?? '');
    const owner = [gateway?.component, classOwner].find(runs);
    if (owner !== undefined) return componentNode(owner);
    return addNode({ key: GATEWAY_CONTROLLER_KEY, shape: 'component', lines: ['gateway controller'], namespace: undefined, idHint: 'gateway_controller' });
  };
  for (const route of objects.filter((o) => o.kind === 'HTTPRoute' && o.namespace !== undefined)) {
    const backends = httpRouteBackends(route);
    for (const parent of arr(field(route.doc, 'spec', 'parentRefs'))) {
      const controller = gatewayControllerOf(parent, route.namespace!);
      for (const backend of backends) {
        const target = services.get(`${backend.namespace}/${backend.service}`)?.component ?? route.component;
        const path = backend.path !== undefined && backend.path !== '/' ? backend.path : '';
        addEdge({ from: controller, to: componentNode(target), kind: 'route', label: `${backend.host ?? '*'}${path} (HTTPRoute)` });
      }
    }
  }

  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
