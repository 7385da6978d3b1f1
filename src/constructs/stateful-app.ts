import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component, Endpoint } from './component';
import { checkPodFieldEnv, EnvBinding, PodField } from './env-binding';
import { checkHealthCheck, HealthCheck } from './health-check';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { constructPath, PropChecker, ValidationError } from '../validation/prop-checker';
import { checkMaxUnavailable, checkNamedPorts, ContainerResources, disruptionBudget, NamedPort, RestrictedRun, serviceProps, statefulSetProps } from './workload-parts';
import { checkContainerOptions, checkPodOptions, ContainerOptions, labelObjects, PodOptions, podSurfaceParts, renderContainer, renderPod } from './workload-surface';

/** How a StatefulSet starts its pods: one after the other once ready, or all at once. */
export type PodManagementPolicy = 'OrderedReady' | 'Parallel';

/** Allowed values of {@link PodManagementPolicy}. */
export const POD_MANAGEMENT_POLICIES: readonly PodManagementPolicy[] = ['OrderedReady', 'Parallel'];

/** Props of {@link StatefulApp}. */
export interface StatefulAppProps extends ContainerOptions, PodOptions {
  /** Component name: StatefulSet and headless Service name, pod name prefix, `app` label, file stem. */
  readonly name: string;
  /** Container image reference. */
  readonly image: string;
  /** Namespace of all its objects. @default 'default' */
  readonly namespace?: string;
  /** Number of members. @default 1 */
  readonly replicas?: number;
  /** Ports of the container and of the headless Service (at least one). */
  readonly ports: readonly NamedPort[];
  /** Where each member's own volume is mounted. */
  readonly dataMountPath: string;
  /** Capacity of each member's claim. @default '1Gi' */
  readonly storageSize?: string;
  /** StorageClass of the claims. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** Variables read from ConfigMap or Secret keys. @default - none */
  readonly env?: readonly EnvBinding[];
  /** Variables read from the pod itself (downward API), set before all others. @default - none */
  readonly podFieldEnv?: Readonly<Record<string, PodField>>;
  /** Container command; may use `$(NAME)` of its variables. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** Container arguments; may use `$(NAME)` of its variables. @default - the image's command */
  readonly args?: readonly string[];
  /** CPU and memory requests and limits. @default - none */
  readonly resources?: ContainerResources;
  /** When a member receives traffic. @default - TCP check on the first port */
  readonly readiness?: HealthCheck;
  /** When a member is restarted. @default - no liveness probe */
  readonly liveness?: HealthCheck;
  /** `Parallel` for members that must all run before any is ready (a quorum). @default 'OrderedReady' */
  readonly podManagementPolicy?: PodManagementPolicy;
  /** How members spread over nodes when replicas > 1: `preferred` spreads where nodes allow and never leaves a replica Pending (`required` is the stricter choice of a chart that wants it). @default 'preferred' */
  readonly spreading?: NodeSpreading;
  /** Group owning the mounted volume, for images running as a fixed non-root user. @default - none */
  readonly fsGroup?: number;
  /** DNS domain of the cluster, for the members' fully qualified names. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /** Seconds a member gets to shut down cleanly. @default - Kubernetes' 30 */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * At most this many members down at once through voluntary disruptions (drains): a
   * PodDisruptionBudget `<name>` in `<name>.pdb.yaml`; 1 keeps a 3-member quorum. Needs replicas >= 2.
   * @default - no PodDisruptionBudget
   */
  readonly maxUnavailable?: number;
  /** Run as Pod Security "restricted" admits (see {@link RestrictedRun}). @default - the image's own user, unrestricted */
  readonly restricted?: RestrictedRun;
}

const DATA_VOLUME = 'data';
const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/**
 * DNS domain under which the members of the StatefulSet `name` (headless Service of the same
 * name) are found: `<name>.<namespace>.svc.<clusterDomain>`.
 */
export function memberDomain(name: string, namespace = 'default', clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}

/**
 * Fully qualified DNS name of member `ordinal`: `<name>-<ordinal>.<member domain>`. Constructs
 * that must write member names into a ConfigMap before the StatefulApp exists use this; the
 * app's own {@link StatefulApp.podDnsName} gives the same answer.
 */
export function memberDnsName(name: string, ordinal: number, namespace = 'default', clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  return `${name}-${ordinal}.${memberDomain(name, namespace, clusterDomain)}`;
}

/**
 * A replicated stateful member set (Kafka brokers, Cassandra nodes, …): a StatefulSet whose
 * pods each get their own claim (volumeClaimTemplates) and a stable DNS name through a headless
 * Service. Peers and clients address members by {@link podDnsName}.
 *
 * @example
 * new StatefulApp(chart, 'Search', {
 *   name: 'search', image: 'opensearchproject/opensearch:2.13.0', replicas: 3,
 *   ports: [{ name: 'http', port: 9200 }],
 *   dataMountPath: '/usr/share/opensearch/data', storageSize: '10Gi',
 *   readiness: HealthCheck.tcp(9200),
 * });
 */
export class StatefulApp extends Component {
  /** The headless Service that names the members. */
  public readonly serviceName: string;
  /** Number of members. */
  public readonly replicas: number;
  /** Cluster DNS domain the member names end with. */
  public readonly clusterDomain: string;
  /** The member set's StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The headless Service giving the members their names. */
  public readonly service: k8s.KubeService;
  /** The PodDisruptionBudget of `maxUnavailable`; undefined without it. */
  public readonly podDisruptionBudget: k8s.KubePodDisruptionBudget | undefined;
  /** The ServiceAccount written for `serviceAccount: ServiceAccount.own()`; undefined otherwise. */
  public readonly serviceAccount: k8s.KubeServiceAccount | undefined;
  /** The claims written for `Volume.claim(...)` mounts (shared by every member; each member's own is `data`). */
  public readonly persistentVolumeClaims: readonly k8s.KubePersistentVolumeClaim[];
  private readonly portsByName: ReadonlyMap<string, number>;

  constructor(scope: Construct, id: string, props: StatefulAppProps) {
    const owner = `StatefulApp ${props.name}`;
    const portNumbers = props.ports.map((p) => p.port);
    const checker = new PropChecker(owner, constructPath(scope, id))
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .replicas('replicas', props.replicas)
      // Pod names (`<name>-<ordinal>`) are host names: at most 63 characters.
      .require(`${props.name}-${(props.replicas ?? 1) - 1}`.length <= 63, `name "${props.name}" is too long for its pod names; allowed: at most ${62 - String((props.replicas ?? 1) - 1).length} characters`)
      .require(props.ports.length > 0, 'ports must list at least one port')
      .absolutePath('dataMountPath', props.dataMountPath)
      .quantity('storageSize', props.storageSize)
      .host('storageClassName', props.storageClassName)
      .oneOf('podManagementPolicy', props.podManagementPolicy, POD_MANAGEMENT_POLICIES)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .host('clusterDomain', props.clusterDomain)
      .require(props.fsGroup === undefined || (Number.isInteger(props.fsGroup) && props.fsGroup >= 0), `fsGroup ${props.fsGroup} is invalid; allowed: an integer >= 0`)
      .require(
        props.terminationGracePeriodSeconds === undefined || (Number.isInteger(props.terminationGracePeriodSeconds) && props.terminationGracePeriodSeconds >= 0),
        `terminationGracePeriodSeconds ${props.terminationGracePeriodSeconds} is invalid; allowed: an integer >= 0`,
      );
    checkNamedPorts(checker, 'ports', props.ports);
    checkPodFieldEnv(checker, 'podFieldEnv', props.podFieldEnv);
    checkHealthCheck(checker, 'readiness', props.readiness, portNumbers);
    checkHealthCheck(checker, 'liveness', props.liveness, portNumbers);
    checkMaxUnavailable(checker, 'maxUnavailable', props.maxUnavailable, props.replicas ?? 1);
    checkContainerOptions(checker, '', props)
      .require(!(props.mounts ?? []).some((m) => m.volume.name === DATA_VOLUME), `mounts volume name "${DATA_VOLUME}" is invalid; allowed: any other name (${DATA_VOLUME} is each member's own claim, mounted at dataMountPath)`);
    checkPodOptions(checker, props).done();

    super(scope, id, props.name, props.namespace ?? 'default');
    this.serviceName = props.name;
    this.replicas = props.replicas ?? 1;
    this.clusterDomain = props.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
    this.portsByName = new Map(props.ports.map((p) => [p.name, p.port]));

    const readiness = props.readiness ?? HealthCheck.tcp(props.ports[0].port);
    const main = renderContainer(this, props.name, props.image, props, {
      podFieldEnv: props.podFieldEnv,
      ports: props.ports.map((p) => ({ name: p.name, containerPort: p.port })),
    });
    const pod = renderPod(this, props, [main]);
    this.serviceAccount = pod.serviceAccount;
    this.persistentVolumeClaims = pod.persistentVolumeClaims;
    const container: k8s.Container = {
      ...main.container,
      volumeMounts: [{ name: DATA_VOLUME, mountPath: props.dataMountPath }, ...(main.container.volumeMounts ?? [])],
      readinessProbe: readiness.toProbe(),
      livenessProbe: props.liveness?.toProbe(),
    };

    this.podDisruptionBudget = props.maxUnavailable === undefined ? undefined : disruptionBudget(this, props.name, this.namespace, this.selectorLabels, props.maxUnavailable);
    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', statefulSetProps({
      name: props.name,
      namespace: this.namespace,
      serviceName: this.serviceName,
      podLabels: this.selectorLabels,
      replicas: this.replicas,
      podManagementPolicy: props.podManagementPolicy ?? 'OrderedReady',
      containers: [container],
      ...podSurfaceParts(pod, props),
      claimTemplates: [{ name: DATA_VOLUME, storage: props.storageSize ?? '1Gi', storageClassName: props.storageClassName }],
      spreading: props.spreading ?? 'preferred',
      enableServiceLinks: false,
      fsGroup: props.fsGroup,
      terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
      restricted: props.restricted,
    }));

    this.service = new k8s.KubeService(this, 'Service', serviceProps({
      name: this.serviceName,
      namespace: this.namespace,
      selector: this.selectorLabels,
      headless: true,
      // Members find each other by name while starting (seeds, quorum voters), before any is ready.
      publishNotReadyAddresses: true,
      ports: props.ports.map((p) => ({ name: p.name, port: p.port })),
    }));
    labelObjects(this, props.labels, props.annotations);
  }

  /** Fully qualified DNS name of member `ordinal` (0-based), stable across restarts and rescheduling. */
  public podDnsName(ordinal: number): string {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.replicas) {
      throw new ValidationError([`StatefulApp ${this.componentName}: member ${ordinal} does not exist; allowed: 0 to ${this.replicas - 1}`], this.node.path);
    }
    return memberDnsName(this.componentName, ordinal, this.namespace, this.clusterDomain);
  }

  /** DNS names of every member, in ordinal order. */
  public podDnsNames(): string[] {
    return Array.from({ length: this.replicas }, (_, i) => this.podDnsName(i));
  }

  /** Declares that the members connect to each other on the port called `portName` (replication, gossip, quorum votes). */
  public peersConnectOn(portName: string): void {
    this.connectPeersOn(this.endpoint(portName));
  }

  /** The port called `portName` of the members, for clients and peers to connect to. */
  public endpoint(portName: string): Endpoint {
    return { component: this, serviceName: this.serviceName, portName, port: this.portNamed(portName) };
  }

  /** Number of the port called `name`, for clients that build URLs. */
  public portNamed(name: string): number {
    const port = this.portsByName.get(name);
    if (port === undefined) throw new ValidationError([`StatefulApp ${this.componentName} has no port "${name}"; allowed: ${[...this.portsByName.keys()].join(', ')}`], this.node.path);
    return port;
  }
}
