/** Facts about built-in kinds that the rules need and the schema does not carry. */

/** Built-in kinds that live outside namespaces (kube-apiserver's cluster-scoped resources). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'ClusterRole', 'ClusterRoleBinding',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass',
  'IngressClass', 'IPAddress', 'ServiceCIDR', 'ClusterCIDR',
  'CustomResourceDefinition', 'APIService',
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

/** ClusterRoles that kube-apiserver bootstraps (user-facing ones; `system:*` are accepted by prefix). */
export const BUILTIN_CLUSTER_ROLES: ReadonlySet<string> = new Set(['cluster-admin', 'admin', 'edit', 'view']);
