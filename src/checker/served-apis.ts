/**
 * Which apiVersion/kind pairs a given Kubernetes minor version serves.
 *
 * The shipped schema says what exists in its own version; this table corrects it for the
 * exact version asked for (a 1.21 cluster still serves extensions/v1beta1 Ingress, absent from
 * the 1.24 schema; a 1.25 cluster does not serve flowcontrol v1beta3, present in the 1.27
 * one). Sources: the Kubernetes deprecated-API migration guide and the release notes.
 */

import { splitApiVersion } from '../manifests/kinds';

export { splitApiVersion };

interface Lifecycle {
  readonly apiVersion: string;
  /** Kinds concerned; absent means every kind of that group/version. */
  readonly kinds?: readonly string[];
  /** First 1.x minor that no longer serves it. */
  readonly removed?: number;
  /** First 1.x minor that serves it (only entries newer than the oldest supported version). */
  readonly introduced?: number;
  readonly replacement?: string;
}

const LIFECYCLE: readonly Lifecycle[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy', 'PodSecurityPolicy'], removed: 16, replacement: 'apps/v1 (networking.k8s.io/v1 for NetworkPolicy)' },
  { apiVersion: 'apps/v1beta1', removed: 16, replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', removed: 16, replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removed: 22, replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removed: 22, replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', removed: 22, replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', removed: 22, replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', removed: 22, replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], removed: 22, replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', removed: 22, replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['TokenReview'], removed: 22, replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', removed: 22, replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['CertificateSigningRequest'], removed: 22, replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], removed: 22, replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['PriorityClass'], removed: 22, replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['PriorityClass'], removed: 22, replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removed: 22, replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removed: 25, replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removed: 25, replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removed: 25, replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removed: 25, replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removed: 25, replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removed: 25, replacement: 'Pod Security Admission (namespace labels)' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removed: 25, replacement: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removed: 26, replacement: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', removed: 26, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removed: 27, replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', introduced: 23, removed: 29, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', introduced: 26, removed: 32, replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', introduced: 29 },
  { apiVersion: 'autoscaling/v2', kinds: ['HorizontalPodAutoscaler'], introduced: 23 },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['CSIStorageCapacity'], introduced: 24 },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['SelfSubjectReview'], introduced: 27 },
  { apiVersion: 'authentication.k8s.io/v1', kinds: ['SelfSubjectReview'], introduced: 28 },
  { apiVersion: 'admissionregistration.k8s.io/v1', kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], introduced: 30 },
  { apiVersion: 'networking.k8s.io/v1', kinds: ['IPAddress', 'ServiceCIDR'], introduced: 33 },
  // 1.34–1.36: the kinds each release's OpenAPI definitions add or drop (docs/facts.md).
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'], introduced: 28, removed: 34, replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'], introduced: 34 },
  { apiVersion: 'admissionregistration.k8s.io/v1', kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'], introduced: 36 },
  { apiVersion: 'resource.k8s.io/v1', introduced: 34 },
  { apiVersion: 'resource.k8s.io/v1alpha3', kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], removed: 34, replacement: 'resource.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1', kinds: ['VolumeAttributesClass'], introduced: 34 },
  { apiVersion: 'storage.k8s.io/v1alpha1', kinds: ['VolumeAttributesClass'], removed: 35, replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['PodCertificateRequest'], introduced: 35 },
  { apiVersion: 'certificates.k8s.io/v1alpha1', kinds: ['PodCertificateRequest'], introduced: 34, removed: 35, replacement: 'certificates.k8s.io/v1beta1' },
  { apiVersion: 'storagemigration.k8s.io/v1beta1', kinds: ['StorageVersionMigration'], introduced: 35 },
  { apiVersion: 'storagemigration.k8s.io/v1alpha1', kinds: ['StorageVersionMigration'], removed: 35, replacement: 'storagemigration.k8s.io/v1beta1' },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['Workload'], introduced: 35, removed: 36, replacement: 'scheduling.k8s.io/v1alpha2' },
  { apiVersion: 'scheduling.k8s.io/v1alpha2', kinds: ['Workload', 'PodGroup'], introduced: 36 },
];

/** API groups compiled into kube-apiserver; anything else is a custom (CRD or aggregated) resource. */
const BUILTIN_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io',
  'networking.k8s.io', 'node.k8s.io', 'rbac.authorization.k8s.io', 'resource.k8s.io',
  'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}

export type ServedState =
  /** Served, and the shipped schema describes it. */
  | { readonly state: 'served' }
  /** Served by this exact version, but the shipped schema (newer or older) lacks it. */
  | { readonly state: 'served-without-schema' }
  | { readonly state: 'removed'; readonly removedIn: number; readonly replacement?: string }
  | { readonly state: 'not-yet'; readonly introducedIn: number }
  /** A built-in group that has no such version/kind at all (typo, wrong group). */
  | { readonly state: 'unknown' }
  | { readonly state: 'custom' };

function lifecycleOf(apiVersion: string, kind: string): Lifecycle | undefined {
  return LIFECYCLE.find((e) => e.apiVersion === apiVersion && (!e.kinds || e.kinds.includes(kind)));
}

export function servedState(apiVersion: string, kind: string, minor: number, inSchema: boolean): ServedState {
  const entry = lifecycleOf(apiVersion, kind);
  if (entry?.removed !== undefined && minor >= entry.removed) {
    return { state: 'removed', removedIn: entry.removed, replacement: entry.replacement };
  }
  if (entry?.introduced !== undefined && minor < entry.introduced) {
    return { state: 'not-yet', introducedIn: entry.introduced };
  }
  if (inSchema) return { state: 'served' };
  if (entry) return { state: 'served-without-schema' };
  return isBuiltinGroup(splitApiVersion(apiVersion).group) ? { state: 'unknown' } : { state: 'custom' };
}

/** Alpha APIs exist in the schema but are off unless the cluster enables their feature gate. */
export function isAlpha(apiVersion: string): boolean {
  return /^v\d+alpha\d+$/.test(splitApiVersion(apiVersion).version);
}
