import { Postgres } from '../../src/constructs/postgres';
import { Redis } from '../../src/constructs/redis';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { at, containers, find, podSpec } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';

const credentials = { user: 'u', password: 'p', database: 'd' };

describe('wiring by reference', () => {
  test('renaming the databases renames every reference: nothing dangles', () => {
    const chart = testChart();
    const redis = new Redis(chart, 'R', { name: 'queue', port: 6380 });
    const db = new Postgres(chart, 'P', { name: 'votes-db', port: 5433, credentials, hostPath: '/data/votes' });
    new StatelessApp(chart, 'W', { name: 'worker', image: 'w:1', env: [...redis.connectionEnv(), ...db.connectionEnv()] });
    const objects = chartObjects(chart);

    // A Redis on another port tells its clients.
    expect(at(find(objects, 'ConfigMap', 'queue-config'), 'data')).toEqual({ REDIS_HOST: 'queue', REDIS_PORT: '6380' });
    expect(at(find(objects, 'ConfigMap', 'votes-db-config'), 'data')).toMatchObject({ POSTGRES_HOST: 'votes-db', POSTGRES_PORT: '5433' });
    expect(find(objects, 'Service', 'votes-db')).toBeDefined();
    const env = containers(find(objects, 'Deployment', 'worker'))[0].env!;
    expect(env.map((e) => e.valueFrom?.configMapKeyRef?.name ?? e.valueFrom?.secretKeyRef?.name))
      .toEqual(['queue-config', 'queue-config', 'votes-db-config', 'votes-db-config', 'votes-db-config', 'votes-db-secret', 'votes-db-secret']);
    expect(at(podSpec(find(objects, 'Deployment', 'votes-db')), 'volumes', 0, 'persistentVolumeClaim', 'claimName')).toBe('votes-db-pvc');
    expect(at(find(objects, 'PersistentVolumeClaim', 'votes-db-pvc'), 'spec', 'volumeName')).toBe('votes-db-pv');
    expect(containers(find(objects, 'Deployment', 'queue'))[0].args).toEqual(['--port', '6380']);
    expect(containers(find(objects, 'Deployment', 'votes-db'))[0].args).toEqual(['-p', '5433']);
  });

  test('postgres init SQL and storage size are props', () => {
    const chart = testChart();
    new Postgres(chart, 'P', { credentials, initSql: 'SELECT 1;\n', storageSize: '5Gi', hostPath: '/srv/pg' });
    const objects = chartObjects(chart);
    expect(at(find(objects, 'ConfigMap', 'postgres-config'), 'data', 'init.sql')).toBe('SELECT 1;\n');
    expect(at(find(objects, 'PersistentVolume', 'postgres-pv'), 'spec')).toMatchObject({ capacity: { storage: '5Gi' }, hostPath: { path: '/srv/pg' } });
  });
});
