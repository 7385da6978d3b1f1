import * as k8s from '../../imports/k8s';

/**
 * How replicas of one workload are spread over nodes.
 * - `required`: never two replicas on one node (the spec's high-availability rule); a replica
 *   stays Pending when there are fewer nodes than replicas.
 * - `preferred`: spread when possible, co-locate otherwise (single-node clusters).
 */
export type NodeSpreading = 'required' | 'preferred';

/** Allowed values of {@link NodeSpreading}, for validation messages. */
export const NODE_SPREADING_VALUES: readonly NodeSpreading[] = ['required', 'preferred'];

const HOSTNAME_TOPOLOGY = 'kubernetes.io/hostname';

/** Pod anti-affinity that keeps pods carrying `podLabels` on different nodes. */
export function spreadAcrossNodes(podLabels: Readonly<Record<string, string>>, spreading: NodeSpreading): k8s.Affinity {
  const term: k8s.PodAffinityTerm = {
    labelSelector: { matchLabels: { ...podLabels } },
    topologyKey: HOSTNAME_TOPOLOGY,
  };
  return spreading === 'required'
    ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
    : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
}
