import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Cassandra } from '../constructs/cassandra';
import { Kafka } from '../constructs/kafka';
import { Namespace } from '../constructs/namespace';
import { NODE_SPREADING_VALUES, NodeSpreading } from '../constructs/placement';
import { StatelessApp } from '../constructs/stateless-app';
import { endpointUrl } from '../constructs/component';
import { HealthCheck } from '../constructs/health-check';
import { ContainerResources, checkResources, RestrictedRun } from '../constructs/workload-parts';
import { addNetworkPolicies } from '../network/policies';
import { PLACEHOLDER_APP_RUN } from './promotions-chart';
import { constructPath, PropChecker } from '../validation/prop-checker';

/** Images of the SMACK stack; `ingest` is a placeholder for your Akka application. */
export interface SmackImages {
  /** Image of kafka. */
  readonly kafka: string;
  /** Image of cassandra. */
  readonly cassandra: string;
  /** Spark master and workers. */
  readonly spark: string;
  /** The Akka ingestion application (placeholder). */
  readonly ingest: string;
}

/** Default images; `smack/ingest` does not exist on any registry. */
export const SMACK_IMAGES: SmackImages = {
  kafka: 'apache/kafka:3.9.0',
  cassandra: 'cassandra:4.1',
  spark: 'apache/spark:3.5.3',
  ingest: 'smack/ingest:latest',
};

/** The components whose default image is a placeholder no registry serves: your Akka application. */
export const SMACK_PLACEHOLDER_IMAGES: readonly (keyof SmackImages)[] = ['ingest'];

/** Props of {@link SmackChart}. */
export interface SmackChartProps {
  /** Namespace holding every object of the stack. @default 'smack' */
  readonly namespace?: string;
  /** Image overrides. @default SMACK_IMAGES */
  readonly images?: Partial<SmackImages>;
  /** Kafka broker+controller nodes. @default 3 */
  readonly kafkaReplicas?: number;
  /** Cassandra nodes. @default 3 */
  readonly cassandraReplicas?: number;
  /** Spark workers. @default 2 */
  readonly sparkWorkers?: number;
  /** Ingestion application pods. @default 1 */
  readonly ingestReplicas?: number;
  /** Capacity of each Kafka node's claim. @default '2Gi' */
  readonly kafkaStorageSize?: string;
  /** Capacity of each Cassandra node's claim. @default '2Gi' */
  readonly cassandraStorageSize?: string;
  /** StorageClass of every claim. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** Cores each Spark worker offers to executors. @default 1 */
  readonly sparkWorkerCores?: number;
  /** Memory each Spark worker offers to executors (Spark syntax: `1g`, `512m`). @default '1g' */
  readonly sparkWorkerMemory?: string;
  /** Kafka topic the ingestion application writes to. @default 'events' */
  readonly ingestTopic?: string;
  /**
   * How replicated members spread over nodes. The default, `balanced`, puts one member per
   * schedulable node while there are enough and co-locates only when nodes are fewer than
   * members: three Kafka or Cassandra members still form their quorum on a cluster of two
   * workers and a tainted control plane (`required` would leave the third Pending).
   * @default 'balanced'
   */
  readonly spreading?: NodeSpreading;
  /** Resources of each Kafka node. @default DEFAULT_KAFKA_RESOURCES */
  readonly kafkaResources?: ContainerResources;
  /** Resources of each Cassandra node. @default DEFAULT_CASSANDRA_RESOURCES */
  readonly cassandraResources?: ContainerResources;
  /** Resources of the Spark master. @default SPARK_MASTER_RESOURCES */
  readonly sparkMasterResources?: ContainerResources;
  /** Resources of each Spark worker (daemon plus its executors). @default SPARK_WORKER_RESOURCES */
  readonly sparkWorkerResources?: ContainerResources;
  /** Resources of each ingestion pod. @default INGEST_RESOURCES */
  readonly ingestResources?: ContainerResources;
  /**
   * Least privilege: NetworkPolicies from the wiring graph, every pod as Pod Security
   * "restricted" admits in a namespace that enforces it, Spark workers on a fixed port the master calls back (the placeholder image as uid 10001, an assumption), a PodDisruptionBudget
   * per replicated component. @default false
   */
  readonly hardened?: boolean;
}

/** How the Apache Spark image runs restricted: its `spark` user (185); workers write executors' files to work/ (docs/facts.md#image-users). */
export const SPARK_RESTRICTED_RUN: RestrictedRun = { user: 185, group: 185, writablePaths: ['/tmp', '/opt/spark/work'] };

/** The standalone master only schedules. */
export const SPARK_MASTER_RESOURCES: ContainerResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };
/** Worker daemon (512m heap) plus executors of `sparkWorkerMemory` (1g). */
export const SPARK_WORKER_RESOURCES: ContainerResources = { requests: { cpu: '1', memory: '1536Mi' }, limits: { memory: '2Gi' } };
/** A JVM (Akka) service. */
export const INGEST_RESOURCES: ContainerResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '768Mi' } };

const SPARK_HOME = '/opt/spark';
const SPARK_RPC_PORT = 7077;
const SPARK_UI_PORT = 8080;
/** A worker's RPC and web UI ports, fixed under the hardened profile so policies can open them (Spark picks a random RPC port otherwise). */
const SPARK_WORKER_RPC_PORT = 7078;
const SPARK_WORKER_UI_PORT = 8081;
const SPARK_MEMORY = /^[1-9][0-9]*[kmgt]$/;
// Heap of the master and worker daemons themselves (Spark's default is 1g, more than the master's
// memory limit); a worker's executors get `sparkWorkerMemory` on top.
const SPARK_DAEMON_MEMORY = '512m';
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * The SMACK pattern on Kubernetes instead of Mesos (seed 002): Kafka (KRaft) and Cassandra as
 * StatefulSets with one claim per member, a Spark standalone master and its workers, and an Akka
 * ingestion application that reads the Kafka bootstrap servers and Cassandra contact points from
 * their ConfigMaps.
 */
export class SmackChart extends Chart {
  /** The namespace the stack creates and puts every object in. */
  public readonly appNamespace: Namespace;
  /** The Kafka cluster (KRaft mode). */
  public readonly kafka: Kafka;
  /** The Cassandra ring. */
  public readonly cassandra: Cassandra;
  /** The Spark master. */
  public readonly sparkMaster: StatelessApp;
  /** The Spark workers. */
  public readonly sparkWorker: StatelessApp;
  /** The akka ingestion app (kafka → cassandra). */
  public readonly ingest: StatelessApp;

  constructor(scope: Construct, id: string, props: SmackChartProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    const images = { ...SMACK_IMAGES, ...props.images };
    const workerMemory = props.sparkWorkerMemory ?? '1g';
    const topic = props.ingestTopic ?? 'events';
    const checker = new PropChecker('SmackChart', constructPath(scope, id))
      .namespace('namespace', props.namespace)
      .replicas('kafkaReplicas', props.kafkaReplicas)
      .replicas('cassandraReplicas', props.cassandraReplicas)
      .replicas('sparkWorkers', props.sparkWorkers)
      .replicas('ingestReplicas', props.ingestReplicas)
      .quantity('kafkaStorageSize', props.kafkaStorageSize)
      .quantity('cassandraStorageSize', props.cassandraStorageSize)
      .storageClassName('storageClassName', props.storageClassName)
      .replicas('sparkWorkerCores', props.sparkWorkerCores)
      .require(SPARK_MEMORY.test(workerMemory), `sparkWorkerMemory "${workerMemory}" is invalid; allowed: a Spark size such as 512m or 1g`)
      .require(TOPIC.test(topic) && topic !== '.' && topic !== '..', `ingestTopic "${topic}" is invalid; allowed: letters, digits, ".", "_" and "-", at most 249 characters`)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES);
    for (const [component, image] of Object.entries(images)) checker.image(`images.${component}`, image);
    for (const [prop, resources] of Object.entries({
      kafkaResources: props.kafkaResources,
      cassandraResources: props.cassandraResources,
      sparkMasterResources: props.sparkMasterResources,
      sparkWorkerResources: props.sparkWorkerResources,
      ingestResources: props.ingestResources,
    })) checkResources(checker, prop, resources);
    checker.done();
    const spreading = props.spreading ?? 'balanced';
    const hardened = props.hardened ?? false;
    const sparkRun = hardened ? SPARK_RESTRICTED_RUN : undefined;

    this.appNamespace = new Namespace(this, 'Namespace', { name: props.namespace ?? 'smack', podSecurity: hardened ? 'restricted' : undefined });
    const namespace = this.appNamespace.name;

    this.kafka = new Kafka(this, 'Kafka', {
      namespace,
      image: images.kafka,
      replicas: props.kafkaReplicas,
      storageSize: props.kafkaStorageSize,
      storageClassName: props.storageClassName,
      resources: props.kafkaResources,
      spreading,
      restricted: hardened,
    });
    this.cassandra = new Cassandra(this, 'Cassandra', {
      namespace,
      clusterName: 'smack',
      image: images.cassandra,
      replicas: props.cassandraReplicas,
      storageSize: props.cassandraStorageSize,
      storageClassName: props.storageClassName,
      resources: props.cassandraResources,
      spreading,
      restricted: hardened,
    });

    // Spark daemons advertise the address peers call back on; a Deployment pod's host name does not
    // resolve elsewhere, its IP does.
    const podIp = { POD_IP: 'status.podIP' } as const;
    this.sparkMaster = new StatelessApp(this, 'SparkMaster', {
      name: 'spark-master',
      namespace,
      image: images.spark,
      port: SPARK_UI_PORT,
      additionalPorts: [{ name: 'spark', port: SPARK_RPC_PORT }],
      podFieldEnv: podIp,
      config: { SPARK_DAEMON_MEMORY },
      args: [
        `${SPARK_HOME}/bin/spark-class`, 'org.apache.spark.deploy.master.Master',
        '--host', '$(POD_IP)', '--port', String(SPARK_RPC_PORT), '--webui-port', String(SPARK_UI_PORT),
      ],
      readiness: HealthCheck.http('/', SPARK_UI_PORT),
      liveness: HealthCheck.http('/', SPARK_UI_PORT, { initialDelaySeconds: 15 }),
      resources: props.sparkMasterResources ?? SPARK_MASTER_RESOURCES,
      restricted: sparkRun,
    });
    const masterUrl = endpointUrl(this.sparkMaster.endpoint('spark'), 'spark');

    const workers = props.sparkWorkers ?? 2;
    // The master calls each worker back on the worker's RPC port: hardened, it is fixed and declared.
    const fixedWorkerPorts = hardened
      ? { port: SPARK_WORKER_UI_PORT, additionalPorts: [{ name: 'spark', port: SPARK_WORKER_RPC_PORT }], readiness: HealthCheck.http('/', SPARK_WORKER_UI_PORT) }
      : {};
    this.sparkWorker = new StatelessApp(this, 'SparkWorker', {
      name: 'spark-worker',
      namespace,
      image: images.spark,
      replicas: workers,
      podFieldEnv: podIp,
      config: { SPARK_MASTER_URL: masterUrl, SPARK_DAEMON_MEMORY },
      args: [
        `${SPARK_HOME}/bin/spark-class`, 'org.apache.spark.deploy.worker.Worker',
        '--host', '$(POD_IP)',
        ...(hardened ? ['--port', String(SPARK_WORKER_RPC_PORT), '--webui-port', String(SPARK_WORKER_UI_PORT)] : []),
        '--cores', String(props.sparkWorkerCores ?? 1), '--memory', workerMemory,
        '$(SPARK_MASTER_URL)',
      ],
      resources: props.sparkWorkerResources ?? SPARK_WORKER_RESOURCES,
      spreading,
      ...fixedWorkerPorts,
      restricted: sparkRun,
      maxUnavailable: hardened && workers > 1 ? 1 : undefined,
    });
    if (hardened) this.sparkMaster.callBack(this.sparkWorker.endpoint('spark'));

    this.ingest = new StatelessApp(this, 'Ingest', {
      name: 'ingest',
      namespace,
      image: images.ingest,
      replicas: props.ingestReplicas ?? 1,
      port: 8080,
      env: [...this.kafka.connectionEnv(), ...this.cassandra.connectionEnv()],
      config: { KAFKA_TOPIC: topic },
      resources: props.ingestResources ?? INGEST_RESOURCES,
      spreading,
      restricted: hardened ? PLACEHOLDER_APP_RUN : undefined,
    });
    if (hardened) addNetworkPolicies(this);
  }
}
