import { HealthCheck } from '../../src/constructs/health-check';
import { Cassandra } from '../../src/constructs/cassandra';
import { Kafka } from '../../src/constructs/kafka';
import { memberDnsName, StatefulApp } from '../../src/constructs/stateful-app';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { at, containers, find, podSpec } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';
import { findings } from '../helpers/check';

const base = { name: 'store', image: 'store:1', ports: [{ name: 'client', port: 9000 }], dataMountPath: '/data' };

describe('StatefulApp', () => {
  test('a StatefulSet with one claim per member and a headless Service in their own files', () => {
    const chart = testChart();
    new StatefulApp(chart, 'S', { ...base, replicas: 3, storageSize: '4Gi', namespace: 'db' });
    const objects = chartObjects(chart);
    expect(objects.map((o) => o.file)).toEqual(['store.service.yaml', 'store.statefulset.yaml']);
    const set = find(objects, 'StatefulSet', 'store');
    expect(at(set, 'spec')).toMatchObject({ replicas: 3, serviceName: 'store', podManagementPolicy: 'OrderedReady', selector: { matchLabels: { app: 'store' } } });
    expect(at(set, 'spec', 'volumeClaimTemplates')).toEqual([{
      metadata: { name: 'data', labels: { app: 'store' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '4Gi' } } },
    }]);
    expect(containers(set)[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(at(set, 'spec', 'template', 'spec', 'containers', 0, 'readinessProbe', 'tcpSocket', 'port')).toBe(9000);
    const service = find(objects, 'Service', 'store');
    expect(at(service, 'spec')).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'store' } });
    expect(podSpec(set).enableServiceLinks).toBe(false);
    expect(at(podSpec(set), 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', 0, 'podAffinityTerm', 'labelSelector')).toEqual({ matchLabels: { app: 'store' } });
  });

  test('members have stable DNS names through the headless Service; memberDnsName agrees', () => {
    const app = new StatefulApp(testChart(), 'S', { ...base, replicas: 2, namespace: 'db', clusterDomain: 'example.internal' });
    expect(app.podDnsNames()).toEqual(['store-0.store.db.svc.example.internal', 'store-1.store.db.svc.example.internal']);
    expect(memberDnsName('store', 1, 'db', 'example.internal')).toBe(app.podDnsName(1));
    expect(() => app.podDnsName(2)).toThrow('member 2 does not exist; allowed: 0 to 1');
    expect(app.portNamed('client')).toBe(9000);
  });

  test('probes, pod fields, command, resources, fsGroup and policy are props', () => {
    const chart = testChart();
    new StatefulApp(chart, 'S', {
      ...base,
      ports: [{ name: 'client', port: 9000 }, { name: 'admin', port: 9001 }],
      readiness: HealthCheck.http('/ready', 9001),
      liveness: HealthCheck.command(['true'], { initialDelaySeconds: 40 }),
      podFieldEnv: { POD_NAME: 'metadata.name' },
      command: ['sh', '-c', 'exec store --id "$POD_NAME"'],
      resources: { requests: { cpu: '100m' }, limits: { memory: '1Gi' } },
      fsGroup: 1000,
      podManagementPolicy: 'Parallel',
      storageClassName: 'ssd',
    });
    const set = find(chartObjects(chart), 'StatefulSet', 'store');
    const c = at<Record<string, unknown>>(set, 'spec', 'template', 'spec', 'containers', 0);
    expect(at(c, 'readinessProbe', 'httpGet')).toEqual({ path: '/ready', port: 9001 });
    expect(at(c, 'livenessProbe')).toMatchObject({ exec: { command: ['true'] }, initialDelaySeconds: 40 });
    expect(c.env).toEqual([{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
    expect(c.resources).toEqual({ requests: { cpu: '100m' }, limits: { memory: '1Gi' } });
    expect(at(podSpec(set), 'securityContext')).toEqual({ fsGroup: 1000 });
    expect(at(set, 'spec', 'podManagementPolicy')).toBe('Parallel');
    expect(at(set, 'spec', 'volumeClaimTemplates', 0, 'spec', 'storageClassName')).toBe('ssd');
  });

  test('one member gets no anti-affinity', () => {
    const chart = testChart();
    new StatefulApp(chart, 'S', base);
    expect(podSpec(find(chartObjects(chart), 'StatefulSet', 'store')).affinity).toBeUndefined();
  });

  test('every invalid prop is reported at once', () => {
    expect(() => new StatefulApp(testChart(), 'S', {
      ...base,
      ports: [{ name: 'Client', port: 70000 }, { name: 'client', port: 70000 }],
      dataMountPath: 'data',
      readiness: HealthCheck.tcp(1234),
      podManagementPolicy: 'Sometimes' as 'Parallel',
      podFieldEnv: { '1BAD': 'spec.nodeName' as 'metadata.name' },
    })).toThrow(/invalid props:[\s\S]*dataMountPath "data"[\s\S]*podManagementPolicy "Sometimes"[\s\S]*ports\[0\].name "Client"[\s\S]*ports\[0\].port 70000[\s\S]*port numbers must differ[\s\S]*podFieldEnv name "1BAD"[\s\S]*podFieldEnv.1BAD "spec.nodeName"[\s\S]*readiness.port 1234 is not a container port/);
  });
});

describe('Kafka (KRaft) and Cassandra on StatefulApp', () => {
  test('renaming and moving them moves every peer list and client reference', () => {
    const chart = testChart();
    const kafka = new Kafka(chart, 'K', { name: 'events', namespace: 'streams', replicas: 2 });
    const ring = new Cassandra(chart, 'C', { name: 'ring', namespace: 'streams', replicas: 2, clusterName: 'Test Ring' });
    new StatelessApp(chart, 'A', { name: 'consumer', namespace: 'streams', image: 'c:1', env: [...kafka.connectionEnv(), ...ring.connectionEnv()] });
    const objects = chartObjects(chart);
    expect(kafka.bootstrapServers).toBe('events-0.events.streams.svc.cluster.local:9092,events-1.events.streams.svc.cluster.local:9092');
    expect(at(find(objects, 'ConfigMap', 'events-config'), 'data', 'KAFKA_CONTROLLER_QUORUM_VOTERS'))
      .toBe('0@events-0.events.streams.svc.cluster.local:9093,1@events-1.events.streams.svc.cluster.local:9093');
    expect(at(find(objects, 'ConfigMap', 'ring-config'), 'data')).toMatchObject({ CASSANDRA_SEEDS: 'ring-0.ring.streams.svc.cluster.local', CASSANDRA_CLUSTER_NAME: 'Test Ring' });
    // The namespace does not exist in this bare chart: everything else must resolve.
    expect(findings(objects, ['scope.undeclared-namespace'])).toEqual([]);
  });

  test('invalid props are reported before anything is built', () => {
    expect(() => new Kafka(testChart(), 'K', { clusterId: 'short', heapSize: '1GB', clientPort: 9092, controllerPort: 9092 }))
      .toThrow(/3 invalid props:[\s\S]*clusterId "short"[\s\S]*heapSize "1GB"[\s\S]*must differ/);
    expect(() => new Cassandra(testChart(), 'C', { maxHeapSize: '512', datacenter: 'DC_1' }))
      .toThrow(/2 invalid props:[\s\S]*datacenter "DC_1"[\s\S]*maxHeapSize "512"/);
  });
});
