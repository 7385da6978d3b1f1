import { Construct } from 'constructs';
import { Component, Endpoint } from './component';
import { EnvBinding, leadingTo } from './env-binding';
import { HealthCheck } from './health-check';
import { ConfigSource } from './config-source';
import { NODE_SPREADING_VALUES, NodeSpreading } from './placement';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { memberDnsName, StatefulApp } from './stateful-app';
import { checkResources, ContainerResources, quorumMaxUnavailable, RestrictedRun } from './workload-parts';

/** Props of {@link Cassandra}. */
export interface CassandraProps {
  /** Component name: StatefulSet, headless Service and ConfigMap prefix, file stem. @default 'cassandra' */
  readonly name?: string;
  /** Container image (the official image reads CASSANDRA_* variables). @default 'cassandra:4.1' */
  readonly image?: string;
  /** Namespace. @default 'default' */
  readonly namespace?: string;
  /** Number of nodes of the ring. @default 3 */
  readonly replicas?: number;
  /** Name of the ring; nodes refuse to join a ring of another name. @default - the component name */
  readonly clusterName?: string;
  /** Datacenter of every node (GossipingPropertyFileSnitch). @default 'dc1' */
  readonly datacenter?: string;
  /** Rack of every node. @default 'rack1' */
  readonly rack?: string;
  /** Capacity of each node's claim. @default '2Gi' */
  readonly storageSize?: string;
  /** StorageClass of the claims. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** JVM heap (MAX_HEAP_SIZE), e.g. `512M`. @default '512M' */
  readonly maxHeapSize?: string;
  /** JVM young generation (HEAP_NEWSIZE); the image needs both or neither. @default '128M' */
  readonly heapNewSize?: string;
  /** CPU and memory of each node. @default DEFAULT_CASSANDRA_RESOURCES */
  readonly resources?: ContainerResources;
  /** How members spread over the cluster's nodes: `balanced` keeps a quorum schedulable on fewer nodes than members. @default 'balanced' */
  readonly spreading?: NodeSpreading;
  /** DNS domain of the cluster. @default 'cluster.local' */
  readonly clusterDomain?: string;
  /**
   * Run as Pod Security "restricted" admits, as the image's `cassandra` user (uid/gid 999). The
   * root file system stays writable: the entrypoint edits /etc/cassandra/cassandra.yaml at start
   * (docs/facts.md#kafka-and-cassandra-write-their-configuration-at-start).
   * @default false
   */
  readonly restricted?: boolean;
}

/** How the official Cassandra image runs restricted: its own `cassandra` user, configuration edited in place at start. */
export const CASSANDRA_RESTRICTED_RUN: RestrictedRun = { user: 999, group: 999, writablePaths: [], readOnlyRootFilesystem: false };

/** A 512M heap plus Cassandra's off-heap structures. */
export const DEFAULT_CASSANDRA_RESOURCES: ContainerResources = {
  requests: { cpu: '500m', memory: '1536Mi' },
  limits: { memory: '2Gi' },
};

const HEAP = /^[1-9][0-9]*[MG]$/;
const RING_NAME = /^[A-Za-z0-9][-A-Za-z0-9_ ]{0,47}$/;
// The image's cassandra.yaml ports; changing them means shipping another cassandra.yaml.
const CQL_PORT = 9042;
const INTRA_NODE_PORT = 7000;
const CLIENT_KEYS = { contactPoints: 'CASSANDRA_CONTACT_POINTS', port: 'CASSANDRA_PORT', datacenter: 'CASSANDRA_LOCAL_DC' } as const;

/**
 * An Apache Cassandra ring: a StatefulSet started one node at a time (each joins once the
 * previous is ready), one claim per node, a headless Service giving them stable names, and a
 * ConfigMap with the ring settings (the first member is the seed) and, for clients, the contact
 * points ({@link connectionEnv}).
 *
 * @example
 * const cassandra = new Cassandra(chart, 'Cassandra', { replicas: 3 });
 * new StatelessApp(chart, 'Reader', { name: 'reader', image: 'app/reader:1.0', env: cassandra.connectionEnv() });
 */
export class Cassandra extends Component {
  /** Comma-separated host names of every node, for drivers' contact points. */
  public readonly contactPoints: string;
  /** CQL port clients connect to. */
  public readonly cqlPort: number;
  /** Ring settings and client settings. */
  public readonly config: ConfigSource;
  /** The ring's nodes. */
  public readonly nodes: StatefulApp;

  constructor(scope: Construct, id: string, props: CassandraProps = {}) {
    const name = props.name ?? 'cassandra';
    const maxHeap = props.maxHeapSize ?? '512M';
    const newHeap = props.heapNewSize ?? '128M';
    const checker = new PropChecker(`Cassandra ${name}`, constructPath(scope, id))
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .replicas('replicas', props.replicas)
      .require(props.clusterName === undefined || RING_NAME.test(props.clusterName), `clusterName "${props.clusterName}" is invalid; allowed: letters, digits, "-", "_" and spaces, at most 48 characters`)
      .name('datacenter', props.datacenter)
      .name('rack', props.rack)
      .quantity('storageSize', props.storageSize)
      .host('storageClassName', props.storageClassName)
      .require(HEAP.test(maxHeap), `maxHeapSize "${maxHeap}" is invalid; allowed: a size such as 512M or 1G`)
      .require(HEAP.test(newHeap), `heapNewSize "${newHeap}" is invalid; allowed: a size such as 128M`)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .host('clusterDomain', props.clusterDomain);
    checkResources(checker, 'resources', props.resources).done();

    super(scope, id, name, props.namespace ?? 'default');
    const replicas = props.replicas ?? 3;
    const datacenter = props.datacenter ?? 'dc1';
    this.cqlPort = CQL_PORT;
    const member = (i: number) => memberDnsName(name, i, this.namespace, props.clusterDomain);
    this.contactPoints = Array.from({ length: replicas }, (_, i) => member(i)).join(',');

    const ringSettings: Record<string, string> = {
      CASSANDRA_CLUSTER_NAME: props.clusterName ?? name,
      // Member 0 starts first (OrderedReady) and every later node learns the ring from it.
      CASSANDRA_SEEDS: member(0),
      CASSANDRA_ENDPOINT_SNITCH: 'GossipingPropertyFileSnitch',
      CASSANDRA_DC: datacenter,
      CASSANDRA_RACK: props.rack ?? 'rack1',
      MAX_HEAP_SIZE: maxHeap,
      HEAP_NEWSIZE: newHeap,
    };
    this.config = new ConfigSource(this, 'Config', {
      name: `${name}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels: this.selectorLabels,
      entries: {
        ...ringSettings,
        [CLIENT_KEYS.contactPoints]: this.contactPoints,
        [CLIENT_KEYS.port]: String(this.cqlPort),
        // Drivers (DataStax 4.x) refuse to start without the local datacenter's name.
        [CLIENT_KEYS.datacenter]: datacenter,
      },
    });

    const store = this.config;
    this.nodes = new StatefulApp(this, 'Nodes', {
      name,
      image: props.image ?? 'cassandra:4.1',
      namespace: this.namespace,
      replicas,
      ports: [{ name: 'cql', port: this.cqlPort }, { name: 'intra-node', port: INTRA_NODE_PORT }],
      dataMountPath: '/var/lib/cassandra',
      storageSize: props.storageSize ?? '2Gi',
      storageClassName: props.storageClassName,
      env: Object.keys(ringSettings).map((key) => store.bind(key)),
      resources: props.resources ?? DEFAULT_CASSANDRA_RESOURCES,
      // CQL opens once the node has joined the ring: the moment it can serve clients.
      readiness: HealthCheck.tcp(this.cqlPort, { initialDelaySeconds: 30 }),
      // Gossip opens early in startup; a node that never gets there is stuck, a slow join is not.
      liveness: HealthCheck.tcp(INTRA_NODE_PORT, { initialDelaySeconds: 90 }),
      podManagementPolicy: 'OrderedReady',
      spreading: props.spreading ?? 'balanced',
      // Drains never take the majority down.
      maxUnavailable: quorumMaxUnavailable(replicas),
      clusterDomain: props.clusterDomain,
      terminationGracePeriodSeconds: 60,
      restricted: props.restricted ? CASSANDRA_RESTRICTED_RUN : undefined,
    });
    // Gossip, streaming and replica writes all go over the intra-node port.
    this.nodes.peersConnectOn('intra-node');
  }

  /** The nodes' CQL port (`cql`, the default) or another of their ports, for clients. */
  public endpoint(portName: string = 'cql'): Endpoint {
    return this.nodes.endpoint(portName);
  }

  /** CASSANDRA_CONTACT_POINTS, CASSANDRA_PORT and CASSANDRA_LOCAL_DC, by reference to the ConfigMap. */
  public connectionEnv(): EnvBinding[] {
    return leadingTo(this.nodes.endpoint('cql'), [this.config.bind(CLIENT_KEYS.contactPoints), this.config.bind(CLIENT_KEYS.port), this.config.bind(CLIENT_KEYS.datacenter)]);
  }
}
