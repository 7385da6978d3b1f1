/**
 * The traffic a chart's wiring graph declares, as flows between pods (and the few peers that are
 * not pods of the chart: the outside world, the cluster DNS, the Kubernetes API). Network
 * policies are written from these flows and nothing else, so adding a connection in a chart adds
 * its flow and removing it removes it.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Component } from '../constructs/component';
import { ValidationError } from '../validation/prop-checker';

/** Kinds whose objects run pods of their component. */
const POD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

/**
 * One end of a flow.
 * - `component`: the pods of a component of the chart;
 * - `anywhere`: any address, inside or outside the cluster (NodePort traffic arrives from any
 *   source, often with the node's address after source NAT);
 * - `any-namespace`: any pod of any namespace (an ingress controller the cluster runs, whose
 *   labels the chart does not know);
 * - `cluster-dns`: the cluster DNS pods (`k8s-app: kube-dns` in kube-system);
 * - `kubernetes-api`: the API server, which is not a pod: any address on its ports.
 */
export type FlowPeer =
  | { readonly kind: 'component'; readonly component: Component }
  | { readonly kind: 'anywhere' | 'any-namespace' | 'cluster-dns' | 'kubernetes-api' };

/** Why a flow exists. */
export type FlowReason = 'connection' | 'callback' | 'peer' | 'route' | 'nodePort' | 'ingress' | 'dns' | 'api';

/** Traffic the wiring declares: `from` opens connections to `to` on `port`. */
export interface Flow {
  /** The end that opens the connection. */
  readonly from: FlowPeer;
  /** The end that accepts it. */
  readonly to: FlowPeer;
  /** Port on the receiving pod (the container port), or of the API server / DNS. */
  readonly port: number;
  /** Transport protocol. */
  readonly protocol: 'TCP' | 'UDP';
  /** What in the graph declares it. */
  readonly reason: FlowReason;
}

/** Port of the cluster DNS. */
export const DNS_PORT = 53;
/**
 * Ports the API server listens on: 443 where the platform serves it there (managed clusters),
 * 6443 on kubeadm and k3s; policies see the endpoint's port after the `kubernetes` Service's DNAT.
 */
export const KUBERNETES_API_PORTS: readonly number[] = [443, 6443];

/** Components under `scope` whose own objects run pods (a Deployment, StatefulSet, DaemonSet, …), in construct order. */
export function podComponents(scope: IConstruct): Component[] {
  const owners: Component[] = [];
  for (const o of scope.node.findAll()) {
    if (!ApiObject.isApiObject(o) || !POD_KINDS.has(o.kind)) continue;
    const owner = Component.owning(o);
    if (owner && !owners.includes(owner)) owners.push(owner);
  }
  return owners;
}

/** A stable text key of a peer, e.g. `default/poll` or `(anywhere)`. */
export function peerKey(peer: FlowPeer): string {
  return peer.kind === 'component' ? `${peer.component.namespace}/${peer.component.componentName}` : `(${peer.kind})`;
}

/**
 * Every flow the components under `scope` declare: connections to the stores they bind and the
 * URLs they are given, calls back, peer ports of member sets, routes of ingress controllers,
 * NodePort and Ingress exposures, DNS for every pod, and the API for components that use it.
 * Sorted by source, destination, port and protocol, without duplicates.
 */
export function declaredFlows(scope: IConstruct): Flow[] {
  const pods = podComponents(scope);
  const flows: Flow[] = [];
  const component = (c: Component): FlowPeer => ({ kind: 'component', component: c });
  for (const c of pods) {
    const routed = new Set(c.connections.filter((e) => e.component.exposures.some((x) => x.kind === 'ingress' && x.controller === c && x.endpoint.port === e.port)));
    for (const e of c.connections) flows.push({ from: component(c), to: component(e.component), port: e.port, protocol: 'TCP', reason: routed.has(e) ? 'route' : 'connection' });
    for (const e of c.callbacks) flows.push({ from: component(c), to: component(e.component), port: e.port, protocol: 'TCP', reason: 'callback' });
    for (const e of c.peerEndpoints) flows.push({ from: component(c), to: component(c), port: e.port, protocol: 'TCP', reason: 'peer' });
    for (const x of c.exposures) {
      if (x.kind === 'nodePort') flows.push({ from: { kind: 'anywhere' }, to: component(c), port: x.targetPort ?? x.port, protocol: 'TCP', reason: 'nodePort' });
      // A controller of the chart reaches the app through its own connection (a `route` flow).
      else if (x.controller === undefined) flows.push({ from: { kind: 'any-namespace' }, to: component(c), port: x.endpoint.port, protocol: 'TCP', reason: 'ingress' });
    }
    for (const protocol of ['UDP', 'TCP'] as const) flows.push({ from: component(c), to: { kind: 'cluster-dns' }, port: DNS_PORT, protocol, reason: 'dns' });
    if (c.usesKubernetesApi) {
      for (const port of KUBERNETES_API_PORTS) flows.push({ from: component(c), to: { kind: 'kubernetes-api' }, port, protocol: 'TCP', reason: 'api' });
    }
  }
  for (const f of flows) {
    for (const end of [f.from, f.to]) {
      if (end.kind === 'component' && !pods.includes(end.component)) {
        throw new ValidationError([`${peerKey(f.from)} → ${peerKey(f.to)}:${f.port}: ${end.component.componentName} runs no pods, so no network policy can select it; allowed: connections between components that run pods (${end.component.componentName} is construct ${end.component.node.path})`]);
      }
    }
  }
  const key = (f: Flow): string => `${peerKey(f.from)}\u0000${peerKey(f.to)}\u0000${String(f.port).padStart(5, '0')}\u0000${f.protocol}`;
  const unique = new Map<string, Flow>();
  for (const f of flows) if (!unique.has(key(f))) unique.set(key(f), f);
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
}
