/**
 * File-name suffix of each kind: objects are written to `<component>.<suffix>.yaml`.
 * Kinds that belong together share a file (a volume and its claim; an account, its role and binding).
 */
const KIND_SUFFIX: Readonly<Record<string, string>> = {
  Namespace: 'namespace',
  ConfigMap: 'configmap',
  Secret: 'secret',
  PersistentVolume: 'volume',
  PersistentVolumeClaim: 'volume',
  Deployment: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  Job: 'job',
  CronJob: 'cronjob',
  Service: 'service',
  Ingress: 'ingress',
  IngressClass: 'ingress',
  ServiceAccount: 'rbac',
  Role: 'rbac',
  RoleBinding: 'rbac',
  ClusterRole: 'rbac',
  ClusterRoleBinding: 'rbac',
  PodDisruptionBudget: 'pdb',
  NetworkPolicy: 'networkpolicy',
};

/** `<component>.<kind suffix>.yaml`; unknown kinds use their lower-cased kind. */
export function manifestFileName(componentName: string, kind: string): string {
  return `${componentName}.${KIND_SUFFIX[kind] ?? kind.toLowerCase()}.yaml`;
}
