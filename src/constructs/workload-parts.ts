import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { NodeSpreading, spreadAcrossNodes } from './placement';
import { PropChecker } from '../validation/prop-checker';

/** What every pod template of the library shares; the component supplies the container. */
export interface PodParts {
  readonly podLabels: Readonly<Record<string, string>>;
  readonly replicas: number;
  readonly containers: k8s.Container[];
  readonly volumes?: k8s.Volume[];
  /** Spread replicas over nodes; only applied when replicas > 1. */
  readonly spreading?: NodeSpreading;
  readonly serviceAccountName?: string;
  /** Service links inject `<SVC>_PORT=tcp://…` variables that break apps reading *_PORT as a number (docs/facts.md#service-links-break-_port-variables). */
  readonly enableServiceLinks?: boolean;
  readonly terminationGracePeriodSeconds?: number;
  /** Group that owns mounted volumes, for images that run as a fixed non-root user. */
  readonly fsGroup?: number;
  /** Run every container as Pod Security "restricted" admits (see {@link RestrictedRun}). @default - the image's own user, no restriction */
  readonly restricted?: RestrictedRun;
  /** Mount the ServiceAccount token. @default - Kubernetes' default (mounted); false when `restricted` unless set */
  readonly automountServiceAccountToken?: boolean;
  /** Containers run to completion, in order, before the others start. @default - none */
  readonly initContainers?: k8s.Container[];
  /** Secrets holding registry credentials for pulling the images. @default - none */
  readonly imagePullSecrets?: readonly string[];
  /** Labels of the pods besides `podLabels` (which the selector uses). @default - none */
  readonly extraPodLabels?: Readonly<Record<string, string>>;
  /** Annotations of the pods. @default - none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Nodes the pods may run on, by node label. @default - any node */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** `OnFailure` or `Never` for pods that run to completion (Jobs). @default 'Always' */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

/**
 * How a pod runs under Pod Security "restricted": as a fixed non-root user, no privilege
 * escalation, every capability dropped, the runtime's default seccomp profile, and a read-only
 * root file system whose only writable places are the volumes and `writablePaths`.
 */
export interface RestrictedRun {
  /** Numeric user the program runs as (the image's own user where it has one); never 0. */
  readonly user: number;
  /** Numeric group; also the group (fsGroup) that owns mounted volumes. @default - the same number as user */
  readonly group?: number;
  /** Directories the program writes to outside its volumes: each gets its own empty, pod-lived `emptyDir`. @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /**
   * Keep the root file system read-only. `false` for images whose entrypoint renders its own
   * configuration files into the image's directories at start (say why where you set it).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** Validates a {@link RestrictedRun} under `prop`. */
export function checkRestrictedRun(checker: PropChecker, prop: string, run: RestrictedRun | undefined): PropChecker {
  if (!run) return checker;
  const id = (value: number | undefined): boolean => value === undefined || (Number.isInteger(value) && value >= 1 && value <= 2147483647);
  checker
    .require(id(run.user), `${prop}.user ${run.user} is invalid; allowed: a numeric user from 1 to 2147483647 (0 is root)`)
    .require(id(run.group), `${prop}.group ${run.group} is invalid; allowed: a numeric group from 1 to 2147483647`);
  for (const [i, p] of (run.writablePaths ?? []).entries()) checker.absolutePath(`${prop}.writablePaths[${i}]`, p);
  return checker;
}

/** Lowest port a process may bind without privileges (Linux' default of net.ipv4.ip_unprivileged_port_start). */
const FIRST_UNPRIVILEGED_PORT = 1024;

/** Volume name of a writable directory: `writable-` and the path's words (`/var/run/postgresql` → `writable-var-run-postgresql`). */
function writableVolumeName(dir: string): string {
  const words = dir.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `writable-${words || 'root'}`.slice(0, 63).replace(/-+$/, '');
}

/** The pod spec fields `restricted` sets, and the containers with their security contexts and writable mounts. */
function restrictedPod(parts: PodParts, run: RestrictedRun): Pick<k8s.PodSpec, 'securityContext' | 'containers' | 'initContainers' | 'volumes' | 'automountServiceAccountToken'> {
  const group = run.group ?? run.user;
  const writable = (run.writablePaths ?? ['/tmp']).map((dir) => ({ dir, name: writableVolumeName(dir) }));
  // A non-root process may bind a port below 1024 when the pod's own network namespace allows it:
  // a "safe" sysctl that Pod Security "restricted" admits (docs/facts.md#unprivileged-ports).
  const lowPort = parts.containers.some((c) => (c.ports ?? []).some((p) => p.containerPort < FIRST_UNPRIVILEGED_PORT));
  const restrict = (c: k8s.Container): k8s.Container => ({
    ...c,
    securityContext: {
      ...c.securityContext,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: run.readOnlyRootFilesystem ?? true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [...(c.volumeMounts ?? []), ...writable.map((w) => ({ name: w.name, mountPath: w.dir }))],
  });
  return {
    automountServiceAccountToken: parts.automountServiceAccountToken ?? false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: run.user,
      runAsGroup: group,
      fsGroup: group,
      seccompProfile: { type: 'RuntimeDefault' },
      sysctls: lowPort ? [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] : undefined,
    },
    containers: parts.containers.map(restrict),
    initContainers: parts.initContainers && parts.initContainers.length > 0 ? parts.initContainers.map(restrict) : undefined,
    volumes: [...(parts.volumes ?? []), ...writable.map((w) => ({ name: w.name, emptyDir: {} }))],
  };
}

/** What every Deployment of the library shares. */
export interface DeploymentParts extends PodParts {
  readonly name: string;
  readonly namespace: string;
  /** `Recreate` for single-writer volumes; Kubernetes' RollingUpdate otherwise. */
  readonly strategy?: 'Recreate';
  /** Leave `replicas` out: a HorizontalPodAutoscaler sets it. @default false */
  readonly replicasByAutoscaler?: boolean;
}

/** The pod template shared by every workload, `restartPolicy` (default `Always`) written explicitly. */
export function podTemplate(parts: PodParts): k8s.PodTemplateSpec {
  const labels = { ...parts.extraPodLabels, ...parts.podLabels };
  const placement = parts.replicas > 1 && parts.spreading ? spreadAcrossNodes(labels, parts.spreading) : {};
  const restricted = parts.restricted ? restrictedPod(parts, parts.restricted) : undefined;
  const annotations = parts.podAnnotations && Object.keys(parts.podAnnotations).length > 0 ? { ...parts.podAnnotations } : undefined;
  return {
    metadata: { labels, annotations },
    spec: {
      serviceAccountName: parts.serviceAccountName,
      automountServiceAccountToken: restricted ? restricted.automountServiceAccountToken : parts.automountServiceAccountToken,
      enableServiceLinks: parts.enableServiceLinks,
      securityContext: restricted?.securityContext ?? (parts.fsGroup === undefined ? undefined : { fsGroup: parts.fsGroup }),
      affinity: placement.affinity,
      topologySpreadConstraints: placement.topologySpreadConstraints,
      imagePullSecrets: parts.imagePullSecrets && parts.imagePullSecrets.length > 0 ? parts.imagePullSecrets.map((name) => ({ name })) : undefined,
      nodeSelector: parts.nodeSelector && Object.keys(parts.nodeSelector).length > 0 ? { ...parts.nodeSelector } : undefined,
      initContainers: restricted?.initContainers ?? (parts.initContainers && parts.initContainers.length > 0 ? parts.initContainers : undefined),
      containers: restricted?.containers ?? parts.containers,
      volumes: restricted?.volumes ?? (parts.volumes && parts.volumes.length > 0 ? parts.volumes : undefined),
      restartPolicy: parts.restartPolicy ?? 'Always',
      terminationGracePeriodSeconds: parts.terminationGracePeriodSeconds,
    },
  };
}

/** Renders {@link DeploymentParts} as KubeDeployment props. */
export function deploymentProps(parts: DeploymentParts): k8s.KubeDeploymentProps {
  const labels = { ...parts.podLabels };
  return {
    metadata: { name: parts.name, namespace: parts.namespace, labels },
    spec: {
      replicas: parts.replicasByAutoscaler ? undefined : parts.replicas,
      selector: { matchLabels: labels },
      strategy: parts.strategy ? { type: parts.strategy } : undefined,
      template: podTemplate(parts),
    },
  };
}

/** A per-pod volume of a StatefulSet: one claim per replica, kept when the pod moves. */
export interface ClaimTemplateParts {
  /** Volume name the containers mount. */
  readonly name: string;
  readonly storage: string;
  /** @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** What a StatefulSet adds to a pod template. */
export interface StatefulSetParts extends PodParts {
  readonly name: string;
  readonly namespace: string;
  /** Headless Service that gives each pod its stable DNS name. */
  readonly serviceName: string;
  readonly claimTemplates: readonly ClaimTemplateParts[];
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
}

/** Renders {@link StatefulSetParts} as KubeStatefulSet props. */
export function statefulSetProps(parts: StatefulSetParts): k8s.KubeStatefulSetProps {
  const labels = { ...parts.podLabels };
  return {
    metadata: { name: parts.name, namespace: parts.namespace, labels },
    spec: {
      replicas: parts.replicas,
      serviceName: parts.serviceName,
      podManagementPolicy: parts.podManagementPolicy,
      selector: { matchLabels: labels },
      template: podTemplate(parts),
      volumeClaimTemplates: parts.claimTemplates.map((claim) => ({
        metadata: { name: claim.name, labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: claim.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(claim.storage) } },
        },
      })),
    },
  };
}

/** A named port of a container and of the Service in front of it. */
export interface NamedPort {
  /** Port name (IANA service name: lower-case letters, digits and "-", at most 15 characters). */
  readonly name: string;
  /** Port number of the container and its Service. */
  readonly port: number;
}

const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Validates names and numbers of `ports`, and that no two share a name or a number. */
export function checkNamedPorts(checker: PropChecker, prop: string, ports: readonly NamedPort[]): PropChecker {
  for (const [i, p] of ports.entries()) {
    checker
      .require(PORT_NAME.test(p.name) && p.name.length <= 15, `${prop}[${i}].name "${p.name}" is invalid; allowed: lower-case letters, digits and "-", at most 15 characters`)
      .port(`${prop}[${i}].port`, p.port);
  }
  return checker
    .require(new Set(ports.map((p) => p.name)).size === ports.length, `${prop}: port names must differ; given: ${ports.map((p) => p.name).join(', ')}`)
    .require(new Set(ports.map((p) => p.port)).size === ports.length, `${prop}: port numbers must differ; given: ${ports.map((p) => p.port).join(', ')}`);
}

/** One port of a Service. */
export interface ServicePortParts {
  readonly name: string;
  readonly port: number;
  /** Container port the traffic goes to. @default - same as port */
  readonly targetPort?: number;
  /** Fixed node port; makes sense only on a NodePort Service. @default - none */
  readonly nodePort?: number;
}

/** What a Service needs: who it selects and which ports. */
export interface ServiceParts {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePortParts[];
  readonly type?: 'ClusterIP' | 'NodePort';
  /** Headless Service (clusterIP: None) for stateful members. @default false */
  readonly headless?: boolean;
  /**
   * Publish DNS records of pods before they are ready: members of a quorum must find each
   * other to become ready at all. @default false
   */
  readonly publishNotReadyAddresses?: boolean;
}

/** Renders {@link ServiceParts} as KubeService props. */
export function serviceProps(parts: ServiceParts): k8s.KubeServiceProps {
  return {
    metadata: { name: parts.name, namespace: parts.namespace, labels: { ...parts.selector } },
    spec: {
      type: parts.type ?? 'ClusterIP',
      clusterIp: parts.headless ? 'None' : undefined,
      publishNotReadyAddresses: parts.publishNotReadyAddresses,
      selector: { ...parts.selector },
      ports: parts.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
        nodePort: p.nodePort,
        protocol: 'TCP',
      })),
    },
  };
}

/** CPU and memory amounts, written exactly as given (`500m`, `1Gi`, `128M`). */
export interface ResourceAmounts {
  /** CPU, e.g. `250m` or `1`. @default - not set */
  readonly cpu?: string;
  /** Memory, e.g. `128M` or `1Gi`. @default - not set */
  readonly memory?: string;
}

/** Requests (what the scheduler reserves) and limits (where the kernel throttles or kills). */
export interface ContainerResources {
  /** What the scheduler reserves for the container. @default - no requests */
  readonly requests?: ResourceAmounts;
  /** Where the kernel throttles (CPU) or kills (memory) the container. @default - no limits */
  readonly limits?: ResourceAmounts;
}

/** Validates every amount of `resources` as a positive quantity, under `prop`. */
export function checkResources(checker: PropChecker, prop: string, resources: ContainerResources | undefined): PropChecker {
  for (const side of ['requests', 'limits'] as const) {
    checker.quantity(`${prop}.${side}.cpu`, resources?.[side]?.cpu).quantity(`${prop}.${side}.memory`, resources?.[side]?.memory);
  }
  return checker;
}

function amounts(values: ResourceAmounts | undefined): Record<string, k8s.Quantity> | undefined {
  if (!values) return undefined;
  const out: Record<string, k8s.Quantity> = {};
  if (values.cpu !== undefined) out.cpu = k8s.Quantity.fromString(values.cpu);
  if (values.memory !== undefined) out.memory = k8s.Quantity.fromString(values.memory);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Renders {@link ContainerResources}; undefined when nothing is set. */
export function resourceRequirements(resources: ContainerResources | undefined): k8s.ResourceRequirements | undefined {
  const requests = amounts(resources?.requests);
  const limits = amounts(resources?.limits);
  return requests || limits ? { requests, limits } : undefined;
}

/**
 * A PodDisruptionBudget keeping all but `maxUnavailable` pods of a component running through
 * voluntary disruptions (`kubectl drain`, node upgrades): drains wait instead of taking a quorum
 * or every replica down at once.
 */
export function disruptionBudget(scope: Construct, name: string, namespace: string, podLabels: Readonly<Record<string, string>>, maxUnavailable: number): k8s.KubePodDisruptionBudget {
  return new k8s.KubePodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: { name, namespace, labels: { ...podLabels } },
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(maxUnavailable), selector: { matchLabels: { ...podLabels } } },
  });
}

/**
 * How many members of a majority quorum (Kafka's KRaft controllers, Cassandra at QUORUM with
 * three copies) may be down while a majority still runs; undefined below 3 members, where losing
 * any member loses the majority.
 */
export function quorumMaxUnavailable(replicas: number): number | undefined {
  const spare = Math.floor((replicas - 1) / 2);
  return spare >= 1 ? spare : undefined;
}

/** Validates a `maxUnavailable` prop: at least 1 and fewer than the replicas, or the budget protects nothing. */
export function checkMaxUnavailable(checker: PropChecker, prop: string, value: number | undefined, replicas: number): PropChecker {
  return checker.require(
    value === undefined || (Number.isInteger(value) && value >= 1 && value < replicas),
    `${prop} ${value} is invalid; allowed: an integer from 1 to replicas - 1 (${replicas - 1}); a budget needs at least 2 replicas`,
  );
}
