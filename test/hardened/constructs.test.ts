// The pieces the hardened profiles are made of, one behaviour at a time.
import { Cassandra } from '../../src/constructs/cassandra';
import { Kafka } from '../../src/constructs/kafka';
import { Namespace } from '../../src/constructs/namespace';
import { Redis } from '../../src/constructs/redis';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { Traefik } from '../../src/constructs/traefik';
import { synthesize } from '../../src/synth';
import { chartObjects, testChart } from '../helpers/chart';
import { at, containers, find, podSpec, synthObjects } from '../helpers/manifests';

describe('restricted pods', () => {
  test('a StatelessApp given a restricted run gets every field Pod Security "restricted" asks, and writable /tmp only', () => {
    const chart = testChart();
    new StatelessApp(chart, 'Web', { name: 'web', image: 'me/web:1', port: 8080, restricted: { user: 4242 } });
    const deployment = find(chartObjects(chart), 'Deployment', 'web');
    expect(podSpec(deployment).securityContext).toEqual({ runAsNonRoot: true, runAsUser: 4242, runAsGroup: 4242, fsGroup: 4242, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
    const [container] = containers(deployment);
    expect(at(container, 'securityContext')).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(at(container, 'volumeMounts')).toEqual([{ name: 'writable-tmp', mountPath: '/tmp' }]);
    expect(podSpec(deployment).volumes).toEqual([{ name: 'writable-tmp', emptyDir: {} }]);
  });

  test('a pod listening below 1024 lowers the unprivileged port start (a safe sysctl); one listening above does not', () => {
    const chart = testChart();
    new StatelessApp(chart, 'Low', { name: 'low', image: 'me/low:1', port: 80, restricted: { user: 10001 } });
    new Redis(chart, 'Redis', { restricted: true });
    const objects = chartObjects(chart);
    expect(at(podSpec(find(objects, 'Deployment', 'low')), 'securityContext', 'sysctls')).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(at(podSpec(find(objects, 'Deployment', 'redis')), 'securityContext', 'sysctls')).toBeUndefined();
    expect(at(podSpec(find(objects, 'Deployment', 'redis')), 'securityContext', 'runAsUser')).toBe(999);
  });

  test('root, or a relative writable path, is refused naming the prop', () => {
    expect(() => new StatelessApp(testChart(), 'Web', { name: 'web', image: 'me/web:1', restricted: { user: 0 } })).toThrow(/restricted\.user 0 is invalid; allowed: a numeric user from 1/);
    expect(() => new StatelessApp(testChart(), 'Web', { name: 'web', image: 'me/web:1', restricted: { user: 1, writablePaths: ['tmp'] } })).toThrow(/restricted\.writablePaths\[0\]/);
  });

  test('a Namespace enforces, warns and audits the level it is given, and refuses an unknown one', () => {
    const chart = testChart();
    new Namespace(chart, 'Ns', { name: 'shop', podSecurity: 'restricted' });
    expect(find(chartObjects(chart), 'Namespace', 'shop').metadata.labels).toEqual({
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted',
    });
    expect(() => new Namespace(testChart(), 'Ns', { name: 'shop', podSecurity: 'strict' as never })).toThrow(/podSecurity "strict" is invalid; allowed: privileged, baseline, restricted/);
  });
});

describe('restricted databases make their own data directory', () => {
  test('hardened postgres mounts the whole volume and sets PGDATA one level down, and its preStop stops that directory; modern keeps the subPath', () => {
    for (const [profile, restricted] of [['hardened', true], ['modern', false]] as const) {
      const postgres = containers(find(synthObjects({ profile }), 'Deployment', 'postgres'))[0] as unknown as { env: Array<{ name: string; value?: string }>; volumeMounts: Array<{ name: string; subPath?: string }>; lifecycle: { preStop: { exec: { command: string[] } } } };
      const data = postgres.volumeMounts.find((m) => m.name === 'data')!;
      const pgdata = postgres.env.find((e) => e.name === 'PGDATA')?.value;
      const stopped = postgres.lifecycle.preStop.exec.command[postgres.lifecycle.preStop.exec.command.indexOf('-D') + 1];
      if (restricted) {
        expect([data.subPath, pgdata, stopped]).toEqual([undefined, '/var/lib/postgresql/data/pgdata', '/var/lib/postgresql/data/pgdata']);
      } else {
        expect([data.subPath, pgdata, stopped]).toEqual(['pgdata', undefined, '/var/lib/postgresql/data']);
      }
    }
  });

  test('hardened mysql mounts the whole volume and passes --datadir one level down', () => {
    const mysql = containers(find(synthObjects({ stack: 'lifespan', profile: 'hardened' }), 'Deployment', 'mysql'))[0] as unknown as { args?: string[]; volumeMounts: Array<{ name: string; subPath?: string }> };
    expect(mysql.args).toEqual(['--datadir=/var/lib/mysql/mysql']);
    expect(mysql.volumeMounts.find((m) => m.name === 'data')!.subPath).toBeUndefined();
  });
});

describe.each(['v2', 'v3'] as const)('Traefik %s, restricted, with its dashboard', (generation) => {
  const chart = testChart();
  const traefik = new Traefik(chart, 'Traefik', { generation, restricted: true, dashboard: 'unauthenticated' });
  const objects = chartObjects(chart);
  const deployment = find(objects, 'Deployment', 'traefik');

  test('listens on 8000 behind the Service\'s port 80, and the graph says the NodePort reaches 8000', () => {
    expect(containers(deployment)[0].ports!.map((p) => p.containerPort)).toEqual([8000, 8080]);
    expect(at(containers(deployment)[0], 'args')).toContain('--entrypoints.web.address=:8000');
    const ports = at<Array<{ name: string; port: number; targetPort: number }>>(find(objects, 'Service', 'traefik'), 'spec', 'ports');
    expect(ports.map((p) => [p.name, p.port, p.targetPort])).toEqual([['http', 80, 8000], ['admin', 8080, 8080]]);
    expect(traefik.exposures.map((x) => (x.kind === 'nodePort' ? [x.portName, x.targetPort ?? x.port] : x.kind))).toEqual([['http', 8000], ['admin', 8080]]);
  });

  test('keeps its ServiceAccount token (it reads the API) and declares that it uses the API', () => {
    expect(podSpec(deployment).automountServiceAccountToken).toBe(true);
    expect(traefik.usesKubernetesApi).toBe(true);
  });
});

describe('the graph declares what policies need', () => {
  test('Kafka members talk on client and controller ports, Cassandra members on the intra-node port', () => {
    const chart = testChart();
    const kafka = new Kafka(chart, 'Kafka');
    const cassandra = new Cassandra(chart, 'Cassandra');
    expect(kafka.nodes.peerEndpoints.map((e) => e.port)).toEqual([9092, 9093]);
    expect(cassandra.nodes.peerEndpoints.map((e) => e.port)).toEqual([7000]);
  });

  test('the Spark master\'s call back to its workers is a flow, not an apply-order edge (no cycle)', () => {
    const result = synthesize({ stack: 'smack', profile: 'hardened', env: {} });
    const steps = result.applyOrder.map((s) => s.component);
    expect(steps.indexOf('spark-master')).toBeLessThan(steps.indexOf('spark-worker'));
    const master = result.applyOrder.find((s) => s.component === 'spark-master')!;
    expect(master.after).not.toContain('spark-worker');
  });
});
