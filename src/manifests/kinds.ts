/** Facts about built-in kinds that readers of manifests need and the schema does not carry: one list each. */

/** Kinds that live outside namespaces: kube-apiserver's cluster-scoped resources, and the Gateway API's GatewayClass. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'ClusterRole', 'ClusterRoleBinding',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass',
  'IngressClass', 'IPAddress', 'ServiceCIDR', 'ClusterCIDR',
  'CustomResourceDefinition', 'APIService',
  // Gateway API (a CRD group, not built in, but written by this library).
  'GatewayClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'PriorityClass', 'RuntimeClass', 'PodSecurityPolicy',
  'CertificateSigningRequest', 'ClusterTrustBundle',
  'FlowSchema', 'PriorityLevelConfiguration', 'StorageVersion', 'StorageVersionMigration',
  'TokenReview', 'SelfSubjectReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
  'DeviceClass', 'ResourceClass', 'ResourceSlice',
]);

/** Namespaces every cluster has, so objects may use them without declaring a Namespace. */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * Where each workload kind keeps its pod template: the path of the template's `metadata` and
 * `spec` (a Pod is its own template).
 */
export const POD_TEMPLATE_PATHS: Readonly<Record<string, { readonly metadata: readonly string[]; readonly spec: readonly string[] }>> = {
  Deployment: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  StatefulSet: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  DaemonSet: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  ReplicaSet: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  ReplicationController: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  Job: { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] },
  CronJob: { metadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'], spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
  Pod: { metadata: ['metadata'], spec: ['spec'] },
};

/** Every kind that runs pods. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);

/** Workload kinds with a replica count (`spec.replicas`, 1 when omitted). */
export const REPLICATED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** Controllers whose pods run forever and that `kubectl rollout status` can wait for. */
export const ROLLOUT_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** ClusterRoles that kube-apiserver bootstraps (user-facing ones; `system:*` are accepted by prefix). */
export const BUILTIN_CLUSTER_ROLES: ReadonlySet<string> = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** `apps/v1` → group `apps`, version `v1`; `v1` → the core group `""`. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
