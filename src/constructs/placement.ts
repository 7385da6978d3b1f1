import * as k8s from '../../imports/k8s';

/**
 * How replicas of one workload are spread over nodes.
 * - `required`: never two replicas on one node (the Bernstein spec's high-availability rule); a
 *   replica stays Pending when there are fewer schedulable nodes than replicas.
 * - `balanced`: as even as the schedulable nodes allow (topology spread, skew 1, tainted nodes not
 *   counted): one replica per node while there are enough nodes, co-located only when nodes are
 *   fewer than replicas. Needs Kubernetes >= 1.26 (`nodeTaintsPolicy`).
 * - `preferred`: spread when possible, co-locate otherwise (single-node clusters).
 */
export type NodeSpreading = 'required' | 'balanced' | 'preferred';

/** Allowed values of {@link NodeSpreading}, for validation messages. */
export const NODE_SPREADING_VALUES: readonly NodeSpreading[] = ['required', 'balanced', 'preferred'];

const HOSTNAME_TOPOLOGY = 'kubernetes.io/hostname';

/** Where a pod template's placement goes: anti-affinity or topology spread constraints. */
export interface Placement {
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
}

/** The placement that keeps pods carrying `podLabels` apart as `spreading` says. */
export function spreadAcrossNodes(podLabels: Readonly<Record<string, string>>, spreading: NodeSpreading): Placement {
  const labelSelector = { matchLabels: { ...podLabels } };
  switch (spreading) {
    case 'required':
      return { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector, topologyKey: HOSTNAME_TOPOLOGY }] } } };
    case 'preferred':
      return { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector, topologyKey: HOSTNAME_TOPOLOGY } }] } } };
    case 'balanced':
      // Honor: a tainted control plane is no domain, so it cannot hold the skew at zero and block
      // the last replica (the default, Ignore, counts it).
      return {
        topologySpreadConstraints: [{
          maxSkew: 1,
          topologyKey: HOSTNAME_TOPOLOGY,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector,
          nodeTaintsPolicy: 'Honor',
        }],
      };
  }
}
