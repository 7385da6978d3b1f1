/** The Bernstein specification (B-DOP-500), as data the policy rules read. */

export type ComponentName = 'redis' | 'postgres' | 'poll' | 'worker' | 'result' | 'traefik' | 'cadvisor';

export interface ServicePortSpec {
  readonly port: number;
  /** Host port the spec requires (traefik only). */
  readonly nodePort?: number;
}

export interface ComponentSpec {
  readonly name: ComponentName;
  readonly image: string;
  /** Image repositories (without tag) that identify the component's containers. */
  readonly repositories: readonly string[];
  /** The "modern" profile's replacement image, accepted with `allowModern`. */
  readonly modernImage?: RegExp;
  readonly workloadKind: 'Deployment' | 'DaemonSet';
  readonly namespace: string;
  readonly replicas?: number;
  /** Exact text of the memory limit. */
  readonly memoryLimit?: string;
  readonly containerPorts: readonly number[];
  /** Ports of the component's Service; undefined when the spec asks for none. */
  readonly servicePorts?: readonly ServicePortSpec[];
  readonly env: readonly string[];
  /** Variables the spec lists but the image ignores: missing ones only warn. */
  readonly envAdvisory?: readonly string[];
  readonly ingressHost?: string;
  /** "Replicated services must run on different nodes." */
  readonly spreadAcrossNodes: boolean;
}

const POSTGRES_CLIENT_ENV = ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD'];

export const COMPONENTS: readonly ComponentSpec[] = [
  {
    name: 'redis', image: 'redis:5.0', repositories: ['redis'], workloadKind: 'Deployment', namespace: 'default',
    replicas: 1, containerPorts: [6379], servicePorts: [{ port: 6379 }], env: [], spreadAcrossNodes: false,
  },
  {
    name: 'postgres', image: 'postgres:12', repositories: ['postgres'], workloadKind: 'Deployment', namespace: 'default',
    replicas: 1, containerPorts: [5432], servicePorts: [{ port: 5432 }],
    env: ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD'], envAdvisory: ['POSTGRES_HOST', 'POSTGRES_PORT'], spreadAcrossNodes: false,
  },
  {
    name: 'poll', image: 'epitechcontent/t-dop-600-poll:k8s', repositories: ['epitechcontent/t-dop-600-poll'], workloadKind: 'Deployment',
    namespace: 'default', replicas: 2, memoryLimit: '128M', containerPorts: [80], servicePorts: [{ port: 80 }],
    env: ['REDIS_HOST'], ingressHost: 'poll.dop.io', spreadAcrossNodes: true,
  },
  {
    name: 'worker', image: 'epitechcontent/t-dop-600-worker:k8s', repositories: ['epitechcontent/t-dop-600-worker'], workloadKind: 'Deployment',
    namespace: 'default', replicas: 1, memoryLimit: '256M', containerPorts: [], env: ['REDIS_HOST', ...POSTGRES_CLIENT_ENV], spreadAcrossNodes: false,
  },
  {
    name: 'result', image: 'epitechcontent/t-dop-600-result:k8s', repositories: ['epitechcontent/t-dop-600-result'], workloadKind: 'Deployment',
    namespace: 'default', replicas: 2, memoryLimit: '128M', containerPorts: [80], servicePorts: [{ port: 80 }],
    env: POSTGRES_CLIENT_ENV, ingressHost: 'result.dop.io', spreadAcrossNodes: true,
  },
  {
    name: 'traefik', image: 'traefik:1.7', repositories: ['traefik'], modernImage: /^traefik:v[23]\.\d+(\.\d+)?$/, workloadKind: 'Deployment',
    namespace: 'kube-public', replicas: 2, containerPorts: [80, 8080],
    servicePorts: [{ port: 80, nodePort: 30021 }, { port: 8080, nodePort: 30042 }], env: [], spreadAcrossNodes: true,
  },
  {
    name: 'cadvisor', image: 'google/cadvisor:latest', repositories: ['google/cadvisor', 'ghcr.io/google/cadvisor', 'gcr.io/cadvisor/cadvisor'],
    modernImage: /^(ghcr\.io\/google\/cadvisor|gcr\.io\/cadvisor\/cadvisor):[\w.-]+$/, workloadKind: 'DaemonSet', namespace: 'kube-system',
    containerPorts: [8080], env: [], spreadAcrossNodes: false,
  },
];

export const COMPONENT_NAMES: readonly ComponentName[] = COMPONENTS.map((c) => c.name);

export function componentSpec(name: ComponentName): ComponentSpec {
  return COMPONENTS.find((c) => c.name === name)!;
}

/** "POSTGRES_USER and POSTGRES_PASSWORD must be stored in Kubernetes' Secrets." */
export const SECRET_VARIABLES: readonly string[] = ['POSTGRES_USER', 'POSTGRES_PASSWORD'];
/** "Common environment variables must be stored in Kubernetes' ConfigMap." */
export const CONFIGMAP_VARIABLES: readonly string[] = ['REDIS_HOST', 'POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB'];

export interface FileSpec {
  readonly component: ComponentName;
  /** Kinds the file may hold. */
  readonly kinds: readonly string[];
  /** The file must hold at least one object of each group (a group lists alternatives). */
  readonly required: readonly (readonly string[])[];
}

/** The 19 files of the spec's deployment process, in its `kubectl apply` order. */
export const FILES: Readonly<Record<string, FileSpec>> = {
  'cadvisor.daemonset.yaml': { component: 'cadvisor', kinds: ['DaemonSet'], required: [['DaemonSet']] },
  'postgres.secret.yaml': { component: 'postgres', kinds: ['Secret'], required: [['Secret']] },
  'postgres.configmap.yaml': { component: 'postgres', kinds: ['ConfigMap'], required: [['ConfigMap']] },
  'postgres.volume.yaml': { component: 'postgres', kinds: ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass'], required: [['PersistentVolumeClaim']] },
  'postgres.deployment.yaml': { component: 'postgres', kinds: ['Deployment'], required: [['Deployment']] },
  'postgres.service.yaml': { component: 'postgres', kinds: ['Service'], required: [['Service']] },
  'redis.configmap.yaml': { component: 'redis', kinds: ['ConfigMap'], required: [['ConfigMap']] },
  'redis.deployment.yaml': { component: 'redis', kinds: ['Deployment'], required: [['Deployment']] },
  'redis.service.yaml': { component: 'redis', kinds: ['Service'], required: [['Service']] },
  'poll.deployment.yaml': { component: 'poll', kinds: ['Deployment'], required: [['Deployment']] },
  'worker.deployment.yaml': { component: 'worker', kinds: ['Deployment'], required: [['Deployment']] },
  'result.deployment.yaml': { component: 'result', kinds: ['Deployment'], required: [['Deployment']] },
  'poll.service.yaml': { component: 'poll', kinds: ['Service'], required: [['Service']] },
  'result.service.yaml': { component: 'result', kinds: ['Service'], required: [['Service']] },
  'poll.ingress.yaml': { component: 'poll', kinds: ['Ingress'], required: [['Ingress']] },
  'result.ingress.yaml': { component: 'result', kinds: ['Ingress'], required: [['Ingress']] },
  'traefik.rbac.yaml': {
    component: 'traefik',
    // The modern profile's IngressClass may sit with the controller's RBAC or Deployment.
    kinds: ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'IngressClass'],
    required: [['ServiceAccount'], ['ClusterRole', 'Role'], ['ClusterRoleBinding', 'RoleBinding']],
  },
  'traefik.deployment.yaml': { component: 'traefik', kinds: ['Deployment', 'IngressClass'], required: [['Deployment']] },
  'traefik.service.yaml': { component: 'traefik', kinds: ['Service'], required: [['Service']] },
};

/**
 * Files the modern profile adds to the 19 (accepted with `allowModern`): the IngressClass that
 * current Traefik's Ingresses name (`spec.ingressClassName`) instead of the 1.7 annotation.
 */
export const MODERN_FILES: Readonly<Record<string, FileSpec>> = {
  'traefik.ingress.yaml': { component: 'traefik', kinds: ['IngressClass'], required: [['IngressClass']] },
};

/** Host paths cAdvisor reads (google/cadvisor deploy/kubernetes/base/daemonset.yaml). */
export const CADVISOR_HOST_PATHS: readonly string[] = ['/', '/var/run', '/sys', '/var/lib/docker'];

export const POSTGRES_DATA = '/var/lib/postgresql/data';
