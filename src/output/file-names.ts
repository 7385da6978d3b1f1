/**
 * What each kind's file is called, in the order a component's files are applied: objects are
 * written to `<component>.<suffix>.yaml`. Kinds that belong together share a file (a volume and
 * its claim; an account, its role and binding). The order follows the Bernstein spec's deployment
 * process (secret, configmap, volume, deployment, service; rbac before the controller) and puts
 * network policies before the pods they protect.
 */
const FILE_KINDS: ReadonlyArray<{ readonly suffix: string; readonly kinds: readonly string[] }> = [
  { suffix: 'namespace', kinds: ['Namespace'] },
  { suffix: 'rbac', kinds: ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'] },
  { suffix: 'networkpolicy', kinds: ['NetworkPolicy'] },
  { suffix: 'secret', kinds: ['Secret'] },
  { suffix: 'configmap', kinds: ['ConfigMap'] },
  { suffix: 'volume', kinds: ['PersistentVolume', 'PersistentVolumeClaim'] },
  { suffix: 'deployment', kinds: ['Deployment'] },
  { suffix: 'statefulset', kinds: ['StatefulSet'] },
  { suffix: 'daemonset', kinds: ['DaemonSet'] },
  { suffix: 'job', kinds: ['Job'] },
  { suffix: 'cronjob', kinds: ['CronJob'] },
  { suffix: 'service', kinds: ['Service'] },
  { suffix: 'ingress', kinds: ['Ingress', 'IngressClass'] },
  { suffix: 'gateway', kinds: ['GatewayClass', 'Gateway'] },
  { suffix: 'httproute', kinds: ['HTTPRoute'] },
  { suffix: 'pdb', kinds: ['PodDisruptionBudget'] },
  { suffix: 'hpa', kinds: ['HorizontalPodAutoscaler'] },
];

const SUFFIX_OF: ReadonlyMap<string, string> = new Map(FILE_KINDS.flatMap((f) => f.kinds.map((k) => [k, f.suffix] as const)));
const RANK_OF_SUFFIX: ReadonlyMap<string, number> = new Map(FILE_KINDS.map((f, i) => [f.suffix, i]));

/**
 * Kinds everything else may live in. `kubectl apply -f <folder>` applies files in name order,
 * so their files start with `00-` and come before every component's files.
 */
const PREREQUISITE_KINDS: ReadonlySet<string> = new Set(['Namespace']);
const PREREQUISITE_PREFIX = '00-';

/** A file's stem without the prefix that sorts a prerequisite's file first: `00-shop` → `shop`. */
export function withoutPrerequisitePrefix(stem: string): string {
  return stem.startsWith(PREREQUISITE_PREFIX) ? stem.slice(PREREQUISITE_PREFIX.length) : stem;
}

/** `<component>.<kind suffix>.yaml` (`00-<component>.namespace.yaml` for a Namespace); unknown kinds use their lower-cased kind. */
export function manifestFileName(componentName: string, kind: string): string {
  const prefix = PREREQUISITE_KINDS.has(kind) ? PREREQUISITE_PREFIX : '';
  return `${prefix}${componentName}.${SUFFIX_OF.get(kind) ?? kind.toLowerCase()}.yaml`;
}

/** Position of a file among one component's files when applied; unknown kinds come last. */
export function applyRank(fileName: string): number {
  const suffix = fileName.split('.').slice(-2, -1)[0] ?? '';
  return RANK_OF_SUFFIX.get(suffix) ?? FILE_KINDS.length;
}
