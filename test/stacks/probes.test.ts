// Every probe of every stack and profile, literally: which container, which probe, its type, port
// and command or path — read from the seeds and the images' own health commands, not from the
// constructs. A probe added, lost, or pointed at another port fails here.
import { STACKS } from '../../src/charts/stacks';
import { synthesize } from '../../src/synth';
import { at, parseRendered, WORKLOAD_KINDS } from '../helpers/manifests';

interface Probe {
  httpGet?: { port: number | string; path?: string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

const PG_ISREADY = 'exec sh -c pg_isready -h 127.0.0.1 -p 5432 -U "$POSTGRES_USER" -d "$POSTGRES_DB"';
const BERNSTEIN = [
  'poll/poll readiness tcpSocket 80',
  `postgres/postgres readiness ${PG_ISREADY}`,
  `postgres/postgres liveness ${PG_ISREADY}`,
  'redis/redis readiness exec redis-cli -p 6379 ping',
  'redis/redis liveness exec redis-cli -p 6379 ping',
  'result/result readiness tcpSocket 80',
  'traefik/traefik readiness httpGet 8080 /ping',
  'traefik/traefik liveness httpGet 8080 /ping',
];
const PROMOTIONS = [
  'logger/logger readiness httpGet 8080 /healthz',
  'logger/logger liveness httpGet 8080 /healthz',
  "mongodb/mongodb readiness exec mongosh --quiet --port 27017 --eval db.adminCommand('ping').ok",
  'mongodb/mongodb liveness tcpSocket 27017',
  'promotions/promotions readiness httpGet 8080 /healthz',
  'promotions/promotions liveness httpGet 8080 /healthz',
];
const LIFESPAN = [
  'backend/backend readiness tcpSocket 5000',
  'frontend/frontend readiness tcpSocket 3000',
  'mysql/mysql readiness exec mysqladmin ping -h 127.0.0.1 -P 3306 --silent',
  'mysql/mysql liveness exec mysqladmin ping -h 127.0.0.1 -P 3306 --silent',
];
const SMACK = [
  'cassandra/cassandra readiness tcpSocket 9042',
  'cassandra/cassandra liveness tcpSocket 7000',
  'ingest/ingest readiness tcpSocket 8080',
  'kafka/kafka readiness tcpSocket 9092',
  'kafka/kafka liveness tcpSocket 9093',
  'spark-master/spark-master readiness httpGet 8080 /',
  'spark-master/spark-master liveness httpGet 8080 /',
];

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'bernstein spec': BERNSTEIN,
  'bernstein modern': BERNSTEIN,
  'bernstein hardened': BERNSTEIN,
  'promotions spec': PROMOTIONS,
  'promotions hardened': PROMOTIONS,
  'lifespan spec': LIFESPAN,
  'lifespan hardened': LIFESPAN,
  'smack spec': SMACK,
  // Only the hardened profile's workers have a readiness probe: the worker's web UI port.
  'smack hardened': [...SMACK, 'spark-worker/spark-worker readiness httpGet 8081 /'],
};

function describeProbe(probe: Probe): string {
  if (probe.httpGet) return `httpGet ${probe.httpGet.port} ${probe.httpGet.path}`;
  if (probe.tcpSocket) return `tcpSocket ${probe.tcpSocket.port}`;
  if (probe.exec) return `exec ${probe.exec.command.join(' ')}`;
  return `unknown ${JSON.stringify(probe)}`;
}

const cases = STACKS.flatMap((s) => s.profiles.map((profile) => `${s.name} ${profile}`));

test('every stack and profile has its expected probes listed here', () => {
  expect(cases.sort()).toEqual(Object.keys(EXPECTED).sort());
});

test.each(cases)('%s: probe type, port and command of every container', (name) => {
  const [stack, profile] = name.split(' ');
  const workloads = parseRendered(synthesize({ stack, profile, env: {} }).rendered).map((o) => o.object).filter((o) => WORKLOAD_KINDS.includes(o.kind));
  expect(workloads.length).toBeGreaterThan(2);
  const probes: string[] = [];
  for (const w of workloads) {
    const template = w.kind === 'CronJob' ? at(w, 'spec', 'jobTemplate', 'spec', 'template') : at(w, 'spec', 'template');
    const containers = at<Array<{ name: string } & Record<string, Probe | undefined>>>(template, 'spec', 'containers') ?? [];
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) {
      for (const kind of ['readiness', 'liveness', 'startup']) {
        const probe = c[`${kind}Probe`];
        if (probe) probes.push(`${w.metadata.name}/${c.name} ${kind} ${describeProbe(probe)}`);
      }
    }
  }
  expect(probes.sort()).toEqual([...EXPECTED[name]].sort());
});
