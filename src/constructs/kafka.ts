import { Construct } from 'constructs';
import { Component, Endpoint } from './component';
import { EnvBinding, leadingTo } from './env-binding';
import { HealthCheck } from './health-check';
import { ConfigSource } from './config-source';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { memberDnsName, memberDomain, StatefulApp } from './stateful-app';
import { checkResources, ContainerResources, quorumMaxUnavailable, RestrictedRun } from './workload-parts';

/** Props of {@link Kafka}. */
export interface KafkaProps {
  /** Component name: StatefulSet, headless Service and ConfigMap prefix, file stem. @default 'kafka' */
  readonly name?: string;
  /** Container image: the Apache image, configured through KAFKA_* variables. @default 'apache/kafka:3.9.0' */
  readonly image?: string;
  /** Namespace. @default 'default' */
  readonly namespace?: string;
  /** Number of combined broker+controller nodes; all of them vote in the controller quorum. @default 3 */
  readonly replicas?: number;
  /** KRaft cluster id (22 characters of URL-safe base64), the same on every node. @default DEFAULT_KAFKA_CLUSTER_ID */
  readonly clusterId?: string;
  /** Capacity of each node's claim. @default '2Gi' */
  readonly storageSize?: string;
  /** StorageClass of the claims. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** JVM heap (-Xms and -Xmx), e.g. `512m`, `1g`. @default '512m' */
  readonly heapSize?: string;
  /** CPU and memory of each node. @default DEFAULT_KAFKA_RESOURCES */
  readonly resources?: ContainerResources;
  /** How members spread over the cluster's nodes: `balanced` keeps a quorum schedulable on fewer nodes than members. @default 'balanced' */
  readonly spreading?: NodeSpreading;
  /** Partitions of topics created without an explicit count. @default 3 */
  readonly defaultPartitions?: number;
  /** Client (broker) port. @default 9092 */
  readonly clientPort?: number;
  /** Controller quorum port. @default 9093 */
  readonly controllerPort?: number;
  /** DNS domain of the cluster. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Run as Pod Security "restricted" admits, as the image's `appuser` (uid/gid 1000). The root
   * file system stays writable: the image's start script renders server.properties into
   * /opt/kafka/config (docs/facts.md#kafka-and-cassandra-write-their-configuration-at-start).
   * @default false
   */
  readonly restricted?: boolean;
}

/** How the Apache Kafka image runs restricted: its own `appuser`, config rendered into the image at start. */
export const KAFKA_RESTRICTED_RUN: RestrictedRun = { user: 1000, group: 1000, writablePaths: [], readOnlyRootFilesystem: false };

/** An example KRaft cluster id; any 16 random bytes in URL-safe base64 will do. */
export const DEFAULT_KAFKA_CLUSTER_ID = 'MkU3OEVBNTcwNTJENDM2Qk';

/** Room for a 512m heap plus the page cache Kafka reads its logs through. */
export const DEFAULT_KAFKA_RESOURCES: ContainerResources = {
  requests: { cpu: '250m', memory: '1Gi' },
  limits: { memory: '1Gi' },
};

const CLUSTER_ID = /^[A-Za-z0-9_-]{22}$/;
const HEAP = /^[1-9][0-9]*[kmgKMG]$/;
// The image runs as `appuser` (uid/gid 1000); a fresh claim is owned by root.
const APP_GROUP = 1000;
const DATA_DIR = '/var/lib/kafka/data';
// Kafka would read a volume's `lost+found` as a broken partition directory: keep logs one level down.
const LOG_DIR = `${DATA_DIR}/logs`;
const CLIENT_KEY = 'KAFKA_BOOTSTRAP_SERVERS';

/**
 * Apache Kafka in KRaft mode (no ZooKeeper): a StatefulSet of combined broker+controller nodes
 * with one claim each, a headless Service giving them stable names, and a ConfigMap holding the
 * server settings and, for clients, the bootstrap server list ({@link connectionEnv}).
 *
 * @example
 * const kafka = new Kafka(chart, 'Kafka', { replicas: 3 });
 * new StatelessApp(chart, 'Ingest', { name: 'ingest', image: 'app/ingest:1.0', env: kafka.connectionEnv() });
 */
export class Kafka extends Component {
  /** Comma-separated `host:port` of every broker. */
  public readonly bootstrapServers: string;
  /** Settings of the nodes and of clients. */
  public readonly config: ConfigSource;
  /** The broker nodes. */
  public readonly nodes: StatefulApp;

  constructor(scope: Construct, id: string, props: KafkaProps = {}) {
    const name = props.name ?? 'kafka';
    const heap = props.heapSize ?? '512m';
    const clusterId = props.clusterId ?? DEFAULT_KAFKA_CLUSTER_ID;
    const checker = new PropChecker(`Kafka ${name}`, constructPath(scope, id))
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .replicas('replicas', props.replicas)
      .require(CLUSTER_ID.test(clusterId), `clusterId "${clusterId}" is invalid; allowed: 22 characters of URL-safe base64 (kafka-storage.sh random-uuid)`)
      .quantity('storageSize', props.storageSize)
      .host('storageClassName', props.storageClassName)
      .host('clusterDomain', props.clusterDomain)
      .require(HEAP.test(heap), `heapSize "${heap}" is invalid; allowed: a JVM size such as 512m or 1g`)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .replicas('defaultPartitions', props.defaultPartitions)
      .port('clientPort', props.clientPort)
      .port('controllerPort', props.controllerPort)
      .require(props.clientPort === undefined || props.clientPort !== props.controllerPort, 'clientPort and controllerPort must differ');
    checkResources(checker, 'resources', props.resources).done();

    super(scope, id, name, props.namespace ?? 'default');
    const replicas = props.replicas ?? 3;
    const clientPort = props.clientPort ?? 9092;
    const controllerPort = props.controllerPort ?? 9093;
    const member = (i: number) => memberDnsName(name, i, this.namespace, props.clusterDomain);
    const ordinals = Array.from({ length: replicas }, (_, i) => i);
    this.bootstrapServers = ordinals.map((i) => `${member(i)}:${clientPort}`).join(',');
    // Internal topics can be no more replicated than there are brokers; 3 copies, 2 in sync, when possible.
    const replication = String(Math.min(3, replicas));
    const minInSync = String(Math.min(2, replicas));

    const serverSettings: Record<string, string> = {
      CLUSTER_ID: clusterId,
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: `PLAINTEXT://:${clientPort},CONTROLLER://:${controllerPort}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
      // Node ids are the StatefulSet ordinals (see the command below), so voter i is pod i.
      KAFKA_CONTROLLER_QUORUM_VOTERS: ordinals.map((i) => `${i}@${member(i)}:${controllerPort}`).join(','),
      KAFKA_LOG_DIRS: LOG_DIR,
      KAFKA_NUM_PARTITIONS: String(props.defaultPartitions ?? 3),
      KAFKA_DEFAULT_REPLICATION_FACTOR: replication,
      KAFKA_MIN_INSYNC_REPLICAS: minInSync,
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: replication,
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: replication,
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: minInSync,
      KAFKA_HEAP_OPTS: `-Xms${heap} -Xmx${heap}`,
    };
    this.config = new ConfigSource(this, 'Config', {
      name: `${name}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels: this.selectorLabels,
      entries: { ...serverSettings, [CLIENT_KEY]: this.bootstrapServers },
    });

    // The image turns every KAFKA_* variable into a server property, so the client key stays out.
    const store = this.config;
    this.nodes = new StatefulApp(this, 'Nodes', {
      name,
      image: props.image ?? 'apache/kafka:3.9.0',
      namespace: this.namespace,
      replicas,
      ports: [{ name: 'client', port: clientPort }, { name: 'controller', port: controllerPort }],
      dataMountPath: DATA_DIR,
      storageSize: props.storageSize ?? '2Gi',
      storageClassName: props.storageClassName,
      podFieldEnv: { POD_NAME: 'metadata.name' },
      env: Object.keys(serverSettings).map((key) => store.bind(key)),
      // Node id and advertised address differ per pod; both derive from the pod name `<name>-<ordinal>`.
      command: [
        'sh', '-c',
        `export KAFKA_NODE_ID="\${POD_NAME##*-}" KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://\${POD_NAME}.${memberDomain(name, this.namespace, props.clusterDomain)}:${clientPort}"; exec /etc/kafka/docker/run`,
      ],
      resources: props.resources ?? DEFAULT_KAFKA_RESOURCES,
      readiness: HealthCheck.tcp(clientPort, { initialDelaySeconds: 10 }),
      // The controller port opens before the quorum forms: this restarts a dead JVM, not a node waiting for its peers.
      liveness: HealthCheck.tcp(controllerPort, { initialDelaySeconds: 60 }),
      // A quorum forms only when a majority runs: start every node at once.
      podManagementPolicy: 'Parallel',
      spreading: props.spreading ?? 'balanced',
      // Drains never take the majority down.
      maxUnavailable: quorumMaxUnavailable(replicas),
      fsGroup: APP_GROUP,
      clusterDomain: props.clusterDomain,
      terminationGracePeriodSeconds: 60,
      restricted: props.restricted ? KAFKA_RESTRICTED_RUN : undefined,
    });
    // Brokers replicate partitions over the client listener; controllers vote over theirs.
    this.nodes.peersConnectOn('client');
    this.nodes.peersConnectOn('controller');
  }

  /** The nodes' broker port (`client`, the default) or another of their ports, for clients. */
  public endpoint(portName: string = 'client'): Endpoint {
    return this.nodes.endpoint(portName);
  }

  /** KAFKA_BOOTSTRAP_SERVERS, by reference to the ConfigMap. */
  public connectionEnv(): EnvBinding[] {
    return leadingTo(this.nodes.endpoint('client'), [this.config.bind(CLIENT_KEY)]);
  }
}
