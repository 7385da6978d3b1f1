// Seed 002 (SMACK): Spark, Akka, Cassandra and Kafka on Kubernetes instead of Mesos.
import { App } from 'cdk8s';
import { SmackChart, SmackChartProps } from '../../src/charts/smack-chart';
import { layoutChart } from '../../src/output/layout';
import { renderYaml } from '../../src/output/render';
import { synthesize } from '../../src/synth';
import { at, containers, FiledObject, find, K8sObject, namespaceOf, parseRendered, podSpec } from '../helpers/manifests';
import { findings } from '../helpers/check';
import { describeStackOutput, stackOutput } from '../helpers/stack-output';

describeStackOutput('smack', {
  '00-smack.namespace.yaml': ['Namespace'],
  'kafka.configmap.yaml': ['ConfigMap'],
  'kafka.statefulset.yaml': ['StatefulSet'],
  'kafka.service.yaml': ['Service'],
  'kafka.pdb.yaml': ['PodDisruptionBudget'],
  'cassandra.configmap.yaml': ['ConfigMap'],
  'cassandra.statefulset.yaml': ['StatefulSet'],
  'cassandra.service.yaml': ['Service'],
  'cassandra.pdb.yaml': ['PodDisruptionBudget'],
  'spark-master.configmap.yaml': ['ConfigMap'],
  'spark-master.deployment.yaml': ['Deployment'],
  'spark-master.service.yaml': ['Service'],
  'spark-worker.configmap.yaml': ['ConfigMap'],
  'spark-worker.deployment.yaml': ['Deployment'],
  'ingest.configmap.yaml': ['ConfigMap'],
  'ingest.deployment.yaml': ['Deployment'],
  'ingest.service.yaml': ['Service'],
});

const { objects } = stackOutput('smack');
const all = objects.map((o) => o.object);

function chartObjects(props: SmackChartProps): FiledObject[] {
  const chart = new SmackChart(new App({ outdir: 'unused' }), 'smack', props);
  return parseRendered(new Map(layoutChart(chart).map((f) => [f.fileName, renderYaml(f.documents)])));
}

/** The value a container sees for `variable`, following ConfigMap references. */
function valueOf(from: readonly FiledObject[], workload: K8sObject, variable: string): string | undefined {
  const entry = containers(workload)[0].env?.find((e) => e.name === variable);
  const ref = entry?.valueFrom?.configMapKeyRef;
  return ref ? at<string>(find(from, 'ConfigMap', ref.name), 'data', ref.key) : entry?.value;
}

function memberName(set: K8sObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}.${String(at(set, 'spec', 'serviceName'))}.${namespaceOf(set)}.svc.cluster.local`;
}

describe('namespace', () => {
  test('every object but the Namespace is in smack', () => {
    expect(new Set(all.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace))).toEqual(new Set(['smack']));
  });
});

describe.each([
  ['kafka', 'apache/kafka:3.9.0', 3, '/var/lib/kafka/data'],
  ['cassandra', 'cassandra:4.1', 3, '/var/lib/cassandra'],
] as const)('%s is a stateful member set', (name, image, replicas, dataPath) => {
  const set = find(objects, 'StatefulSet', name);

  test(`runs ${image}, ${replicas} replicas`, () => {
    expect(containers(set)[0].image).toBe(image);
    expect(at(set, 'spec', 'replicas')).toBe(replicas);
  });

  test('each member has its own claim, mounted as its data directory', () => {
    const templates = at<{ metadata: { name: string }; spec: Record<string, unknown> }[]>(set, 'spec', 'volumeClaimTemplates');
    expect(templates).toHaveLength(1);
    expect(at(templates[0], 'spec', 'accessModes')).toEqual(['ReadWriteOnce']);
    expect(at(templates[0], 'spec', 'resources', 'requests', 'storage')).toBe('2Gi');
    expect(containers(set)[0].volumeMounts).toEqual([{ name: templates[0].metadata.name, mountPath: dataPath }]);
  });

  test('a headless Service names the members, even before they are ready', () => {
    const service = find(objects, 'Service', at(set, 'spec', 'serviceName'));
    expect(at(service, 'spec', 'clusterIP')).toBe('None');
    expect(at(service, 'spec', 'publishNotReadyAddresses')).toBe(true);
  });

  test('members spread evenly over schedulable nodes (skew 1, tainted nodes not counted) and a budget keeps the majority through drains', () => {
    expect(at(podSpec(set), 'affinity')).toBeUndefined();
    expect(at(podSpec(set), 'topologySpreadConstraints')).toEqual([{
      labelSelector: { matchLabels: at(set, 'spec', 'template', 'metadata', 'labels') },
      topologyKey: 'kubernetes.io/hostname',
      maxSkew: 1,
      whenUnsatisfiable: 'DoNotSchedule',
      nodeTaintsPolicy: 'Honor',
    }]);
    const budget = find(objects, 'PodDisruptionBudget', name);
    expect(at(budget, 'spec')).toEqual({ maxUnavailable: 1, selector: { matchLabels: at(set, 'spec', 'template', 'metadata', 'labels') } });
  });

  test('members have readiness and liveness probes and resources', () => {
    const c = at<Record<string, unknown>>(set, 'spec', 'template', 'spec', 'containers', 0);
    expect(c.readinessProbe).toBeDefined();
    expect(c.livenessProbe).toBeDefined();
    expect(at(c, 'resources', 'requests', 'memory')).toBeDefined();
    expect(at(c, 'resources', 'limits', 'memory')).toBeDefined();
  });
});

describe('Kafka runs in KRaft mode', () => {
  const kafka = find(objects, 'StatefulSet', 'kafka');

  test('combined broker+controller, no ZooKeeper anywhere', () => {
    expect(valueOf(objects, kafka, 'KAFKA_PROCESS_ROLES')).toBe('broker,controller');
    expect(JSON.stringify(all)).not.toMatch(/zookeeper/i);
  });

  test('the controller quorum is every member, by its stable DNS name through the headless Service', () => {
    const voters = valueOf(objects, kafka, 'KAFKA_CONTROLLER_QUORUM_VOTERS')!.split(',');
    expect(voters).toEqual([0, 1, 2].map((i) => `${i}@${memberName(kafka, i)}:9093`));
    // Node id = ordinal, so voter i is pod i.
    const command = containers(kafka)[0] as { command?: string[] };
    expect(command.command!.join(' ')).toContain('KAFKA_NODE_ID="${POD_NAME##*-}"');
  });

  test('each broker advertises its own stable name; all start at once so the quorum can form', () => {
    const command = (containers(kafka)[0] as { command?: string[] }).command!.join(' ');
    expect(command).toContain(`KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://\${POD_NAME}${memberName(kafka, 0).slice('kafka-0'.length)}:9092"`);
    expect(at(kafka, 'spec', 'podManagementPolicy')).toBe('Parallel');
  });

  test('the data volume is writable by the image\'s user and logs live below its root', () => {
    expect(at(podSpec(kafka), 'securityContext', 'fsGroup')).toBe(1000);
    expect(valueOf(objects, kafka, 'KAFKA_LOG_DIRS')).toBe('/var/lib/kafka/data/logs');
  });

  test('the cluster id is set and the client key stays out of the broker\'s KAFKA_* properties', () => {
    expect(valueOf(objects, kafka, 'CLUSTER_ID')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(valueOf(objects, kafka, 'KAFKA_BOOTSTRAP_SERVERS')).toBeUndefined();
  });
});

describe('Cassandra', () => {
  const cassandra = find(objects, 'StatefulSet', 'cassandra');

  test('CASSANDRA_SEEDS is the first member\'s DNS name', () => {
    expect(valueOf(objects, cassandra, 'CASSANDRA_SEEDS')).toBe(memberName(cassandra, 0));
  });

  test('nodes join one at a time', () => {
    expect(at(cassandra, 'spec', 'podManagementPolicy')).toBe('OrderedReady');
  });
});

describe('Spark', () => {
  const master = find(objects, 'Deployment', 'spark-master');
  const workers = find(objects, 'Deployment', 'spark-worker');

  test('the master is a Deployment behind a Service on 7077 (cluster) and 8080 (web UI)', () => {
    expect(at(master, 'spec', 'replicas')).toBe(1);
    expect(at<{ port: number }[]>(find(objects, 'Service', 'spark-master'), 'spec', 'ports').map((p) => p.port).sort()).toEqual([7077, 8080]);
  });

  test('2 workers register with the master Service, whose URL they read from their ConfigMap', () => {
    expect(at(workers, 'spec', 'replicas')).toBe(2);
    const url = new URL(valueOf(objects, workers, 'SPARK_MASTER_URL')!);
    expect(url.protocol).toBe('spark:');
    const service = find(objects, 'Service', url.hostname);
    expect(at<{ name: string; port: number }[]>(service, 'spec', 'ports').find((p) => p.name === 'spark')!.port).toBe(Number(url.port));
    expect(containers(workers)[0].args).toContain('$(SPARK_MASTER_URL)');
  });

  test('daemons advertise their pod IP and fit their memory limits', () => {
    for (const d of [master, workers]) {
      expect(containers(d)[0].args!.join(' ')).toContain('--host $(POD_IP)');
      expect(valueOf(objects, d, 'SPARK_DAEMON_MEMORY')).toBe('512m');
    }
  });
});

describe('the Akka ingestion application', () => {
  const ingest = find(objects, 'Deployment', 'ingest');

  test('gets the Kafka bootstrap servers and Cassandra contact points from their ConfigMaps', () => {
    const kafka = find(objects, 'StatefulSet', 'kafka');
    const cassandra = find(objects, 'StatefulSet', 'cassandra');
    expect(valueOf(objects, ingest, 'KAFKA_BOOTSTRAP_SERVERS')).toBe([0, 1, 2].map((i) => `${memberName(kafka, i)}:9092`).join(','));
    expect(valueOf(objects, ingest, 'CASSANDRA_CONTACT_POINTS')).toBe([0, 1, 2].map((i) => memberName(cassandra, i)).join(','));
    expect(valueOf(objects, ingest, 'CASSANDRA_PORT')).toBe('9042');
    expect(containers(ingest)[0].env!.find((e) => e.name === 'KAFKA_BOOTSTRAP_SERVERS')!.valueFrom!.configMapKeyRef!.name).toBe('kafka-config');
  });

  test('is a placeholder image', () => {
    expect(containers(ingest)[0].image).toBe('smack/ingest:latest');
  });
});

describe('smack options', () => {
  test('replica counts reshape quorum, seeds, contact points and replication factors consistently', () => {
    const custom = chartObjects({ kafkaReplicas: 5, cassandraReplicas: 4, sparkWorkers: 3, namespace: 'streams' });
    const kafka = find(custom, 'StatefulSet', 'kafka');
    expect(at(kafka, 'spec', 'replicas')).toBe(5);
    expect(valueOf(custom, kafka, 'KAFKA_CONTROLLER_QUORUM_VOTERS')!.split(',')).toHaveLength(5);
    expect(valueOf(custom, kafka, 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR')).toBe('3');
    expect(valueOf(custom, find(custom, 'Deployment', 'ingest'), 'CASSANDRA_CONTACT_POINTS')!.split(',')).toHaveLength(4);
    expect(at(find(custom, 'Deployment', 'spark-worker'), 'spec', 'replicas')).toBe(3);
    expect(findings(custom)).toEqual([]);
    expect(valueOf(custom, kafka, 'KAFKA_CONTROLLER_QUORUM_VOTERS')).toContain('kafka-4.kafka.streams.svc.cluster.local:9093');
  });

  test('one Kafka node replicates internal topics once', () => {
    const single = chartObjects({ kafkaReplicas: 1 });
    const kafka = find(single, 'StatefulSet', 'kafka');
    expect(valueOf(single, kafka, 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR')).toBe('1');
    expect(valueOf(single, kafka, 'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR')).toBe('1');
    expect(podSpec(kafka).affinity).toBeUndefined();
  });

  test('storage sizes, storage class and resources are props', () => {
    const custom = chartObjects({ kafkaStorageSize: '10Gi', cassandraStorageSize: '20Gi', storageClassName: 'fast-ssd', kafkaResources: { requests: { cpu: '1', memory: '2Gi' } } });
    const kafkaClaim = at<Record<string, unknown>>(find(custom, 'StatefulSet', 'kafka'), 'spec', 'volumeClaimTemplates', 0);
    expect(at(kafkaClaim, 'spec')).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '10Gi' } } });
    expect(at(find(custom, 'StatefulSet', 'cassandra'), 'spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage')).toBe('20Gi');
    expect(containers(find(custom, 'StatefulSet', 'kafka'))[0].resources).toEqual({ requests: { cpu: '1', memory: '2Gi' } });
  });

  test('--single-node makes the members\' anti-affinity preferred', () => {
    const single = parseRendered(synthesize({ stack: 'smack', env: {}, spreading: 'preferred' }).rendered);
    for (const [kind, name] of [['StatefulSet', 'kafka'], ['StatefulSet', 'cassandra'], ['Deployment', 'spark-worker']]) {
      const affinity = at<Record<string, unknown>>(podSpec(find(single, kind, name)), 'affinity', 'podAntiAffinity');
      expect(Object.keys(affinity)).toEqual(['preferredDuringSchedulingIgnoredDuringExecution']);
    }
  });

  test('invalid props are reported together', () => {
    expect(() => chartObjects({ kafkaReplicas: 0, sparkWorkerMemory: '1GB', ingestTopic: 'bad topic', images: { spark: 'Spark:latest' } }))
      .toThrow(/4 invalid props:[\s\S]*kafkaReplicas 0[\s\S]*sparkWorkerMemory "1GB"[\s\S]*ingestTopic "bad topic"[\s\S]*images.spark "Spark:latest"/);
  });
});

