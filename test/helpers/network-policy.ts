// A small NetworkPolicy evaluator (networking.k8s.io/v1 semantics), written for the tests from the
// Kubernetes documentation, independent of the code that writes the policies:
// - a pod selected by no policy of a type (Ingress / Egress) is open in that direction;
// - a selected pod allows exactly the union of the rules of every policy selecting it;
// - a rule without `from`/`to` matches every peer, without `ports` every port;
// - a peer with only podSelector means pods of the policy's own namespace; with namespaceSelector,
//   pods of the matching namespaces (and matching podSelector when both are given);
// - `policyTypes` defaults to Ingress, plus Egress when the policy has an `egress` section;
// - a flow is allowed when the source's egress AND the destination's ingress allow it; each side
//   is also answered on its own (egressAllows, ingressAllows), so a side that is too open shows
//   even while the other side closes the flow.
// Addresses that are not pods (the outside world, the API server) match only rules without peers
// or ipBlock peers (0.0.0.0/0 here; we write none).
import { K8sObject } from './manifests';

type Labels = Readonly<Record<string, string>>;

/** A pod of the model: one per workload (replicas share labels), or a stand-in the test adds. */
export interface ModelPod {
  readonly kind: 'pod';
  readonly id: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** Container ports with their names, for named ports in policies. */
  readonly ports: ReadonlyArray<{ readonly port: number; readonly protocol: string; readonly name?: string }>;
}

/** An address outside every pod network: the world, the API server. */
export interface ModelAddress {
  readonly kind: 'address';
  readonly id: string;
}

export type ModelPeer = ModelPod | ModelAddress;

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface Rule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}
interface PolicySpec {
  podSelector: Selector;
  policyTypes?: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

/** True when `labels` satisfy `selector` (an empty selector matches everything). */
export function selects(selector: Selector | undefined, labels: Labels): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const ok = e.operator === 'In' ? has && (e.values ?? []).includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !(e.values ?? []).includes(labels[e.key])
      : e.operator === 'Exists' ? has
      : e.operator === 'DoesNotExist' ? !has
      : false;
    if (!ok) return false;
  }
  return true;
}

export class PolicyModel {
  private readonly policies: ReadonlyArray<{ namespace: string; spec: PolicySpec }>;
  private readonly namespaceLabels: ReadonlyMap<string, Labels>;

  /** `objects`: the folder's objects (NetworkPolicies and Namespaces are read); namespaces not in it get only their name label. */
  constructor(objects: readonly K8sObject[]) {
    this.policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => ({ namespace: o.metadata.namespace ?? 'default', spec: o.spec as PolicySpec }));
    this.namespaceLabels = new Map(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels ?? {}]));
  }

  /** Labels of namespace `name`, with the `kubernetes.io/metadata.name` label the API server sets. */
  private labelsOfNamespace(name: string): Labels {
    return { ...(this.namespaceLabels.get(name) ?? {}), 'kubernetes.io/metadata.name': name };
  }

  private types(spec: PolicySpec): string[] {
    return spec.policyTypes ?? (spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress']);
  }

  private peerMatches(peer: PolicyPeer, policyNamespace: string, other: ModelPeer): boolean {
    if (peer.ipBlock) return other.kind === 'address' && peer.ipBlock.cidr === '0.0.0.0/0';
    if (other.kind !== 'pod') return false;
    const namespaceOk = peer.namespaceSelector === undefined ? other.namespace === policyNamespace : selects(peer.namespaceSelector, this.labelsOfNamespace(other.namespace));
    return namespaceOk && selects(peer.podSelector, other.labels);
  }

  private portMatches(ports: PolicyPort[] | undefined, port: number, protocol: string, destination: ModelPeer): boolean {
    if (!ports || ports.length === 0) return true;
    return ports.some((p) => {
      if ((p.protocol ?? 'TCP') !== protocol) return false;
      if (p.port === undefined) return true;
      if (typeof p.port === 'string') {
        return destination.kind === 'pod' && destination.ports.some((c) => c.name === p.port && c.port === port && c.protocol === protocol);
      }
      return p.endPort === undefined ? p.port === port : port >= p.port && port <= p.endPort;
    });
  }

  /** Whether `pod`'s side of direction `type` lets the flow with `other` through. */
  private sideAllows(type: 'Ingress' | 'Egress', pod: ModelPod, other: ModelPeer, port: number, protocol: string, destination: ModelPeer): boolean {
    const selecting = this.policies.filter((p) => p.namespace === pod.namespace && this.types(p.spec).includes(type) && selects(p.spec.podSelector, pod.labels));
    if (selecting.length === 0) return true;
    return selecting.some((p) => ((type === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some((rule) => {
      const peers = type === 'Ingress' ? rule.from : rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => this.peerMatches(peer, p.namespace, other));
      return peerOk && this.portMatches(rule.ports, port, protocol, destination);
    }));
  }

  /** Whether `source`'s egress side lets a connection to `destination` on `port`/`protocol` out (true for a source no policy selects). */
  egressAllows(source: ModelPod, destination: ModelPeer, port: number, protocol = 'TCP'): boolean {
    return this.sideAllows('Egress', source, destination, port, protocol, destination);
  }

  /** Whether `destination`'s ingress side lets a connection from `source` on `port`/`protocol` in (true for a destination no policy selects). */
  ingressAllows(source: ModelPeer, destination: ModelPod, port: number, protocol = 'TCP'): boolean {
    return this.sideAllows('Ingress', destination, source, port, protocol, destination);
  }

  /** Whether a connection from `source` to `destination` on `port`/`protocol` is allowed. */
  allows(source: ModelPeer, destination: ModelPeer, port: number, protocol = 'TCP'): boolean {
    const egress = source.kind === 'pod' ? this.sideAllows('Egress', source, destination, port, protocol, destination) : true;
    const ingress = destination.kind === 'pod' ? this.sideAllows('Ingress', destination, source, port, protocol, destination) : true;
    return egress && ingress;
  }
}

/** One model pod per workload of `objects`, with the workload's name as id. */
export function workloadPods(objects: readonly K8sObject[], podTemplate: (o: K8sObject) => { labels: Labels; ports: ModelPod['ports'] } | undefined): ModelPod[] {
  return objects.flatMap((o) => {
    const t = podTemplate(o);
    return t ? [{ kind: 'pod' as const, id: `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, namespace: o.metadata.namespace ?? 'default', labels: t.labels, ports: t.ports }] : [];
  });
}
