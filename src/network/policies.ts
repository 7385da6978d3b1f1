/**
 * NetworkPolicies written from the wiring graph ({@link declaredFlows}): one per component that
 * runs pods, selecting exactly its pods, for ingress and egress, allowing exactly its flows; and
 * a namespace-wide deny-all in every namespace the chart creates. Nothing here names a stack.
 */
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from '../constructs/component';
import { declaredFlows, Flow, FlowPeer, peerKey, podComponents } from './flows';

/** Label the API server sets on every Namespace to its name (Kubernetes >= 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Where the cluster DNS runs and the label its pods carry (CoreDNS keeps kube-dns's label). */
export const CLUSTER_DNS = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } } as const;
/** Name of the deny-all policy of a namespace the chart creates. */
export const DEFAULT_DENY_POLICY = 'default-deny';

/** How a rule names the other end of a flow; undefined means every address (no `from`/`to`). */
function policyPeer(peer: FlowPeer): k8s.NetworkPolicyPeer | undefined {
  switch (peer.kind) {
    case 'component':
      // Always with the namespace: a podSelector alone matches only the policy's own namespace.
      return {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.component.namespace } },
        podSelector: { matchLabels: { ...peer.component.selectorLabels } },
      };
    case 'any-namespace':
      return { namespaceSelector: {} };
    case 'cluster-dns':
      return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: CLUSTER_DNS.namespace } }, podSelector: { matchLabels: { ...CLUSTER_DNS.labels } } };
    case 'anywhere':
    case 'kubernetes-api':
      // The API server is not a pod and NodePort clients are anywhere: no selector can name them.
      return undefined;
  }
}

/** One rule per peer, with every port of the flows to (or from) it, in flow order. */
function rules(flows: readonly Flow[], peerOf: (f: Flow) => FlowPeer): Array<{ peer: k8s.NetworkPolicyPeer | undefined; ports: k8s.NetworkPolicyPort[] }> {
  const byPeer = new Map<string, { peer: k8s.NetworkPolicyPeer | undefined; ports: k8s.NetworkPolicyPort[] }>();
  for (const f of flows) {
    const key = peerKey(peerOf(f));
    const rule = byPeer.get(key) ?? { peer: policyPeer(peerOf(f)), ports: [] };
    rule.ports.push({ protocol: f.protocol, port: k8s.IntOrString.fromNumber(f.port) });
    byPeer.set(key, rule);
  }
  return [...byPeer.values()];
}

function ownsNamespace(component: Component): boolean {
  return component.node.findAll().some((c) => ApiObject.isApiObject(c) && c.kind === 'Namespace' && Component.owning(c) === component);
}

/**
 * Adds the network policies of every component under `scope`, from the flows the components
 * declare at the time of the call: call it once, after the last component is added.
 * - `<component>.networkpolicy.yaml`: a policy named after the component selecting its pods
 *   (never the whole namespace, which may be shared), Ingress and Egress, allowing its flows;
 * - `<namespace>.networkpolicy.yaml`: `default-deny` for every pod of a namespace the chart creates.
 */
export function addNetworkPolicies(scope: IConstruct): void {
  const flows = declaredFlows(scope);
  for (const c of scope.node.findAll().filter(Component.isComponent).filter(ownsNamespace)) {
    new k8s.KubeNetworkPolicy(c, 'DefaultDenyPolicy', {
      metadata: { name: DEFAULT_DENY_POLICY, namespace: c.namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
  }
  for (const c of podComponents(scope)) {
    const isMe = (peer: FlowPeer): boolean => peer.kind === 'component' && peer.component === c;
    const ingress = rules(flows.filter((f) => isMe(f.to)), (f) => f.from);
    const egress = rules(flows.filter((f) => isMe(f.from)), (f) => f.to);
    new k8s.KubeNetworkPolicy(c as Construct, 'NetworkPolicy', {
      metadata: { name: c.componentName, namespace: c.namespace, labels: { ...c.selectorLabels } },
      spec: {
        podSelector: { matchLabels: { ...c.selectorLabels } },
        // Both types listed: whatever no rule allows is denied, in and out.
        policyTypes: ['Ingress', 'Egress'],
        ingress: ingress.map((r) => ({ from: r.peer ? [r.peer] : undefined, ports: r.ports })),
        egress: egress.map((r) => ({ to: r.peer ? [r.peer] : undefined, ports: r.ports })),
      },
    });
  }
}
