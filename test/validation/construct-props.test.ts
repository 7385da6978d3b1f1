// Every construct's numeric props (replica counts, ports, node ports, partitions, ids) refuse a bad
// value with one message that names the construct, the prop, the value and what is allowed — and
// accept the boundary values. Each row is one construct's own check: removing it fails its row.
import { Chart } from 'cdk8s';
import { Cadvisor } from '../../src/constructs/cadvisor';
import { Cassandra } from '../../src/constructs/cassandra';
import { Kafka } from '../../src/constructs/kafka';
import { MongoDb } from '../../src/constructs/mongodb';
import { MySql } from '../../src/constructs/mysql';
import { Postgres } from '../../src/constructs/postgres';
import { Redis } from '../../src/constructs/redis';
import { StatefulApp } from '../../src/constructs/stateful-app';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { IMAGE_REFERENCE_ALLOWED } from '../../src/validation/image-reference';
import { Traefik } from '../../src/constructs/traefik';
import { ValidationError } from '../../src/validation/prop-checker';
import { testChart } from '../helpers/chart';

const PORT = 'allowed: an integer from 1 to 65535';
const REPLICAS = 'allowed: an integer >= 1';
const NODE_PORT = 'allowed: an integer in the node-port range 30000-32767';
const NON_NEGATIVE = 'allowed: an integer >= 0';

const postgresCredentials = { user: 'app', password: 'p4ssw0rd-for-tests', database: 'app' };
const mysqlCredentials = { rootPassword: 'r00t-for-tests', user: 'app', password: 'p4ssw0rd-for-tests', database: 'app' };
const mongoCredentials = { rootUser: 'root', rootPassword: 'r00t-for-tests', database: 'app' };
const store = { name: 'store', image: 'store:1', ports: [{ name: 'client', port: 9000 }], dataMountPath: '/data' };

/** A construct built with one numeric prop set to `value`. */
type Build = (chart: Chart, value: number) => unknown;

/** [construct, owner in messages, prop, build, bad values, good boundary values, allowed]. */
const NUMERIC_PROPS: ReadonlyArray<readonly [string, string, string, Build, readonly number[], readonly number[], string]> = [
  ['StatelessApp', 'StatelessApp web', 'replicas', (c, v) => new StatelessApp(c, 'W', { name: 'web', image: 'web:1', replicas: v }), [0, -1, 1.5, NaN], [1, 7], REPLICAS],
  ['StatelessApp', 'StatelessApp web', 'port', (c, v) => new StatelessApp(c, 'W', { name: 'web', image: 'web:1', port: v }), [0, 65536, 80.5], [1, 65535], PORT],
  ['StatelessApp', 'StatelessApp web', 'nodePort', (c, v) => new StatelessApp(c, 'W', { name: 'web', image: 'web:1', port: 80, nodePort: v }), [80, 29999, 32768], [30000, 32767], NODE_PORT],
  ['StatefulApp', 'StatefulApp store', 'replicas', (c, v) => new StatefulApp(c, 'S', { ...store, replicas: v }), [0, -3, 2.5], [1, 5], REPLICAS],
  ['StatefulApp', 'StatefulApp store', 'fsGroup', (c, v) => new StatefulApp(c, 'S', { ...store, fsGroup: v }), [-1, 0.5], [0, 1000], NON_NEGATIVE],
  ['StatefulApp', 'StatefulApp store', 'terminationGracePeriodSeconds', (c, v) => new StatefulApp(c, 'S', { ...store, terminationGracePeriodSeconds: v }), [-1, 2.5], [0, 60], NON_NEGATIVE],
  ['Traefik', 'Traefik traefik', 'replicas', (c, v) => new Traefik(c, 'T', { replicas: v }), [0, -2, 1.5], [1, 3], REPLICAS],
  ['Traefik', 'Traefik traefik', 'httpNodePort', (c, v) => new Traefik(c, 'T', { httpNodePort: v }), [8000, 29999, 32768], [30000, 32767], NODE_PORT],
  ['Traefik', 'Traefik traefik', 'dashboardNodePort', (c, v) => new Traefik(c, 'T', { dashboard: 'unauthenticated', dashboardNodePort: v }), [8080, 29999, 32768], [30001, 32766], NODE_PORT],
  ['Redis', 'Redis redis', 'port', (c, v) => new Redis(c, 'R', { port: v }), [0, 65536, 6379.5], [1, 65535], PORT],
  ['Cadvisor', 'Cadvisor cadvisor', 'port', (c, v) => new Cadvisor(c, 'C', { port: v }), [0, 70000, 8080.5], [1, 65535], PORT],
  ['Postgres', 'Postgres postgres', 'port', (c, v) => new Postgres(c, 'P', { credentials: postgresCredentials, port: v }), [0, 65536, 5432.5], [1, 65535], PORT],
  ['MySql', 'MySql mysql', 'port', (c, v) => new MySql(c, 'M', { credentials: mysqlCredentials, port: v }), [0, 65536], [1, 65535], PORT],
  ['MongoDb', 'MongoDb mongodb', 'port', (c, v) => new MongoDb(c, 'M', { credentials: mongoCredentials, port: v }), [0, 65536], [1, 65535], PORT],
  ['Kafka', 'Kafka kafka', 'replicas', (c, v) => new Kafka(c, 'K', { replicas: v }), [0, -1, 2.5], [1, 5], REPLICAS],
  ['Kafka', 'Kafka kafka', 'defaultPartitions', (c, v) => new Kafka(c, 'K', { defaultPartitions: v }), [0, 1.5], [1, 12], REPLICAS],
  ['Kafka', 'Kafka kafka', 'clientPort', (c, v) => new Kafka(c, 'K', { clientPort: v }), [0, 65536], [1, 65535], PORT],
  ['Kafka', 'Kafka kafka', 'controllerPort', (c, v) => new Kafka(c, 'K', { controllerPort: v }), [0, 65536], [2, 65534], PORT],
  ['Cassandra', 'Cassandra cassandra', 'replicas', (c, v) => new Cassandra(c, 'C', { replicas: v }), [0, -1, 1.5], [1, 4], REPLICAS],
];

/** The problems a construction reports; [] when it succeeds. Anything but a ValidationError fails the test. */
function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe.each(NUMERIC_PROPS.map((row) => [`${row[0]}.${row[2]}`, ...row] as const))('%s', (_title, _construct, owner, prop, build, bad, good, allowed) => {
  test.each(bad.map((v) => [v]))('%p is refused, naming the construct, the prop, the value and what is allowed', (value) => {
    expect(problemsOf(() => build(testChart(), value))).toContain(`${owner}: ${prop} ${value} is invalid; ${allowed}`);
  });

  test(`the boundary values ${good.join(' and ')} are accepted`, () => {
    for (const value of good) expect([value, problemsOf(() => build(testChart(), value))]).toEqual([value, []]);
  });
});

test('the table covers every construct that takes a replica count or a port', () => {
  const constructs = new Set(NUMERIC_PROPS.map((row) => row[0]));
  expect([...constructs].sort()).toEqual(['Cadvisor', 'Cassandra', 'Kafka', 'MongoDb', 'MySql', 'Postgres', 'Redis', 'StatefulApp', 'StatelessApp', 'Traefik']);
  for (const c of ['StatelessApp', 'StatefulApp', 'Traefik', 'Kafka', 'Cassandra']) expect([c, NUMERIC_PROPS.some((row) => row[0] === c && row[2] === 'replicas')]).toEqual([c, true]);
});

describe('other invalid props, one per construct', () => {
  test.each([
    ['Kafka clientPort = controllerPort', () => new Kafka(testChart(), 'K', { clientPort: 9092, controllerPort: 9092 }), 'Kafka kafka: clientPort and controllerPort must differ'],
    ['Kafka clusterId', () => new Kafka(testChart(), 'K', { clusterId: 'short' }), 'Kafka kafka: clusterId "short" is invalid; allowed: 22 characters of URL-safe base64 (kafka-storage.sh random-uuid)'],
    ['Kafka heapSize', () => new Kafka(testChart(), 'K', { heapSize: 'lots' }), 'Kafka kafka: heapSize "lots" is invalid; allowed: a JVM size such as 512m or 1g'],
    ['Cassandra maxHeapSize', () => new Cassandra(testChart(), 'C', { maxHeapSize: '1 G' }), 'Cassandra cassandra: maxHeapSize "1 G" is invalid; allowed: a size such as 512M or 1G'],
    ['Cassandra datacenter', () => new Cassandra(testChart(), 'C', { datacenter: 'DC_1' }), 'Cassandra cassandra: datacenter "DC_1" is invalid; allowed: an RFC 1123 label (lower-case letters, digits and "-", starting and ending alphanumeric, at most 63 characters)'],
    ['Cadvisor containerdSocket', () => new Cadvisor(testChart(), 'C', { containerdSocket: 'run/containerd.sock' }), 'Cadvisor cadvisor: containerdSocket "run/containerd.sock" is invalid; allowed: an absolute path'],
    ['Redis image', () => new Redis(testChart(), 'R', { image: 'Redis:7' }), `Redis redis: image "Redis:7" is invalid; the path component "Redis" is not lower-case letters and digits separated by ".", "_", "__" or "-"; allowed: ${IMAGE_REFERENCE_ALLOWED}`],
    ['Traefik ingressClass', () => new Traefik(testChart(), 'T', { ingressClass: 'Traefik' }), 'Traefik traefik: ingressClass "Traefik" is invalid; allowed: an RFC 1123 label (lower-case letters, digits and "-", starting and ending alphanumeric, at most 63 characters)'],
    ['StatefulApp ports', () => new StatefulApp(testChart(), 'S', { ...store, ports: [] }), 'StatefulApp store: ports must list at least one port'],
    ['StatefulApp dataMountPath', () => new StatefulApp(testChart(), 'S', { ...store, dataMountPath: 'data' }), 'StatefulApp store: dataMountPath "data" is invalid; allowed: an absolute path without spaces'],
    ['Postgres storageSize', () => new Postgres(testChart(), 'P', { credentials: postgresCredentials, storageSize: '1GB' }), 'Postgres postgres: storageSize "1GB" is invalid; allowed: a positive Kubernetes quantity such as 128M, 256Mi, 500m or 1Gi'],
    ['MySql hostPath with storageClassName', () => new MySql(testChart(), 'M', { credentials: mysqlCredentials, hostPath: '/data/mysql', storageClassName: 'local-path' }), 'MySql mysql: give either hostPath (a hand-made volume) or storageClassName (dynamic provisioning), not both'],
    ['MongoDb dataNode without hostPath', () => new MongoDb(testChart(), 'M', { credentials: mongoCredentials, dataNode: 'worker-1' }), 'MongoDb mongodb: dataNode pins a hand-made hostPath volume; give hostPath too (a dynamically provisioned volume carries its own node affinity)'],
  ] as const)('%s', (_title, build, message) => {
    expect(problemsOf(build)).toContain(message);
  });
});
