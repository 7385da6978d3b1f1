/**
 * A topologyKey names a node label. The scheduler never complains about a key no node carries:
 * a required anti-affinity on `kubernestes.io/hostname` keeps nothing apart, a spread
 * constraint spreads nothing. Keys Kubernetes sets are known (kubernetes.io/docs/reference/
 * node/node-labels/, "Well-Known Labels, Annotations and Taints"); a key under a prefix that
 * Kubernetes reserves (kubernetes.io, k8s.io) but that it does not set, or a key one typo away
 * from a known one, is a mistake. Other keys are the cluster's own node labels and pass.
 */
import { RuleContext } from '../context';
import { asArray, asObject, asString, isObject, path } from '../../manifests/json';
import { PodTemplate } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';
import { editDistance } from '../../validation/closest';

/** Node labels the kubelet or the cloud provider sets, current and deprecated. */
export const WELL_KNOWN_NODE_LABELS: readonly string[] = [
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
];

const RESERVED_PREFIX = /^([a-z0-9-]+\.)*(kubernetes\.io|k8s\.io)\//;

export function checkTopologyKeys(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) => topologyKeysOf(t).flatMap(({ key, field }) => checkKey(t, key, field)));
}

function topologyKeysOf(t: PodTemplate): { key: string; field: string }[] {
  const out: { key: string; field: string }[] = [];
  const affinity = asObject(t.spec.affinity);
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const section = asObject(affinity?.[kind]);
    const base = path(t.specPath, 'affinity', kind);
    asArray(section?.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      const key = isObject(term) ? asString(term.topologyKey) : undefined;
      if (key) out.push({ key, field: path(base, 'requiredDuringSchedulingIgnoredDuringExecution', i, 'topologyKey') });
    });
    asArray(section?.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const key = isObject(w) ? asString(asObject(w.podAffinityTerm)?.topologyKey) : undefined;
      if (key) out.push({ key, field: path(base, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm', 'topologyKey') });
    });
  }
  asArray(t.spec.topologySpreadConstraints).forEach((c, i) => {
    const key = isObject(c) ? asString(c.topologyKey) : undefined;
    if (key) out.push({ key, field: path(t.specPath, 'topologySpreadConstraints', i, 'topologyKey') });
  });
  return out;
}

function checkKey(t: PodTemplate, key: string, field: string): Problem[] {
  if (WELL_KNOWN_NODE_LABELS.includes(key)) return [];
  // Lengths 4 apart are never within distance 3: skip the quadratic-cost comparison (long keys).
  const closest = WELL_KNOWN_NODE_LABELS.map((known) => ({ known, distance: Math.abs(key.length - known.length) > 3 ? Infinity : editDistance(key, known) })).sort((a, b) => a.distance - b.distance)[0];
  const typo = closest.distance <= 3;
  if (!typo && !RESERVED_PREFIX.test(key)) return [];
  // Same name under another prefix (`kubernetes.io/zone`) is the likelier meaning than a near spelling.
  const name = key.slice(key.lastIndexOf('/') + 1);
  const sameName = WELL_KNOWN_NODE_LABELS.find((known) => known.endsWith(`/${name}`));
  const suggestion = sameName ?? (typo ? closest.known : undefined);
  const hint = suggestion ? `; did you mean ${suggestion}?` : `; Kubernetes sets ${WELL_KNOWN_NODE_LABELS.slice(0, 6).join(', ')}`;
  return [objectProblem(t.owner, 'warning', 'ref.topology-key', field, `topologyKey "${key}" is not a label Kubernetes sets on nodes: the term silently never matches${hint}`)];
}
