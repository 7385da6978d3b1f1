import { MongoDb } from '../../src/constructs/mongodb';
import { MySql } from '../../src/constructs/mysql';
import { Postgres } from '../../src/constructs/postgres';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { at, containers, find, podSpec } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';
import { findings } from '../helpers/check';

const mysqlCredentials = { rootPassword: 'root-pw', user: 'app', password: 'app-pw', database: 'appdb' };
const mongoCredentials = { rootUser: 'admin', rootPassword: 'pw', database: 'shop' };

describe('the single-writer database family', () => {
  test.each([
    ['MySql', (c: ReturnType<typeof testChart>) => new MySql(c, 'D', { credentials: mysqlCredentials })],
    ['MongoDb', (c: ReturnType<typeof testChart>) => new MongoDb(c, 'D', { credentials: mongoCredentials })],
  ])('%s has the shared shape: Secret, ConfigMap, claim, Recreate Deployment with probes, Service', (_kind, create) => {
    const chart = testChart();
    const db = create(chart);
    const objects = chartObjects(chart);
    const name = db.componentName;
    expect(objects.map((o) => o.file)).toEqual([`${name}.configmap.yaml`, `${name}.deployment.yaml`, `${name}.secret.yaml`, `${name}.service.yaml`, `${name}.volume.yaml`]);
    const deployment = find(objects, 'Deployment', name);
    expect(at(deployment, 'spec', 'strategy', 'type')).toBe('Recreate');
    expect(at(deployment, 'spec', 'replicas')).toBe(1);
    expect(at(podSpec(deployment), 'containers', 0, 'readinessProbe')).toBeDefined();
    expect(at(podSpec(deployment), 'containers', 0, 'livenessProbe')).toBeDefined();
    expect(podSpec(deployment).enableServiceLinks).toBe(false);
    expect(findings(objects)).toEqual([]);
  });

  test('without hostPath the claim is provisioned dynamically (default class unless named); with it, a manual volume is bound', () => {
    const chart = testChart();
    new MySql(chart, 'A', { name: 'dyn', credentials: mysqlCredentials });
    new MySql(chart, 'B', { name: 'fast', credentials: mysqlCredentials, storageClassName: 'ssd', storageSize: '3Gi' });
    new MongoDb(chart, 'C', { name: 'local', credentials: mongoCredentials, hostPath: '/srv/mongo' });
    const objects = chartObjects(chart);
    expect(at(find(objects, 'PersistentVolumeClaim', 'dyn-pvc'), 'spec')).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
    expect(at(find(objects, 'PersistentVolumeClaim', 'fast-pvc'), 'spec')).toMatchObject({ storageClassName: 'ssd', resources: { requests: { storage: '3Gi' } } });
    expect(at(find(objects, 'PersistentVolumeClaim', 'local-pvc'), 'spec')).toMatchObject({ storageClassName: 'manual', volumeName: 'local-pv' });
    expect(at(find(objects, 'PersistentVolume', 'local-pv'), 'spec', 'hostPath', 'path')).toBe('/srv/mongo');
    expect(objects.filter((o) => o.object.kind === 'PersistentVolume')).toHaveLength(1);
    // The "ssd" class is the cluster's: the checker can only say the folder does not provide it.
    expect(findings(objects)).toEqual([expect.stringMatching(/^data\.unbindable-class PersistentVolumeClaim\/default\/fast-pvc spec\.storageClassName: no PersistentVolume of class "ssd"/)]);
  });

  test('a client gets host, port, database, user and password by reference, whatever the engine', () => {
    const chart = testChart();
    const mysql = new MySql(chart, 'M', { credentials: mysqlCredentials, port: 3307 });
    const mongo = new MongoDb(chart, 'G', { credentials: mongoCredentials });
    new StatelessApp(chart, 'W', { name: 'client', image: 'c:1', env: [...mysql.connectionEnv(), ...mongo.connectionEnv()] });
    const objects = chartObjects(chart);
    const env = containers(find(objects, 'Deployment', 'client'))[0].env!.map((e) => e.name);
    expect(env).toEqual(['MYSQL_HOST', 'MYSQL_PORT', 'MYSQL_DATABASE', 'MYSQL_USER', 'MYSQL_PASSWORD', 'MONGO_HOST', 'MONGO_PORT', 'MONGO_DB', 'MONGO_USERNAME', 'MONGO_PASSWORD']);
    expect(at(find(objects, 'ConfigMap', 'mysql-config'), 'data')).toEqual({ MYSQL_DATABASE: 'appdb', MYSQL_HOST: 'mysql', MYSQL_PORT: '3307' });
    expect(containers(find(objects, 'Deployment', 'mysql'))[0].args).toEqual(['--port=3307']);
    expect(findings(objects)).toEqual([]);
  });

  test('the MySQL server reads its own variables only: no MYSQL_HOST, which its client tools would obey', () => {
    const chart = testChart();
    new MySql(chart, 'M', { credentials: mysqlCredentials });
    const env = containers(find(chartObjects(chart), 'Deployment', 'mysql'))[0].env!.map((e) => e.name);
    expect(env).toEqual(['MYSQL_ROOT_PASSWORD', 'MYSQL_USER', 'MYSQL_PASSWORD', 'MYSQL_DATABASE']);
  });

  test('MongoDB stores its files where the volume is mounted', () => {
    const chart = testChart();
    new MongoDb(chart, 'G', { credentials: mongoCredentials, dataPath: '/data/crf', port: 27018 });
    const c = containers(find(chartObjects(chart), 'Deployment', 'mongodb'))[0];
    expect(c.volumeMounts).toEqual([{ name: 'data', mountPath: '/data/crf' }]);
    expect(c.args).toEqual(['--dbpath', '/data/crf', '--port', '27018', '--bind_ip_all']);
  });

  test('every invalid prop is reported at once, secrets never echoed', () => {
    expect(() => new MySql(testChart(), 'M', {
      name: 'My_SQL',
      storageSize: 'lots',
      hostPath: '/srv/db',
      storageClassName: 'ssd',
      credentials: { rootPassword: '', user: 'root', password: 'secret\nvalue', database: '1db' },
    })).toThrow(/^\[test\/M\] 7 invalid props:[\s\S]*name "My_SQL"[\s\S]*storageSize "lots"[\s\S]*not both[\s\S]*credentials.user \(MYSQL_USER\) "root"[\s\S]*credentials.database \(MYSQL_DATABASE\) "1db"[\s\S]*rootPassword \(MYSQL_ROOT_PASSWORD\) must not be empty[\s\S]*credentials.password \(MYSQL_PASSWORD\) must be a single line/);
    expect(() => new MongoDb(testChart(), 'G', { credentials: { ...mongoCredentials, rootPassword: '' }, dataPath: 'relative' }))
      .toThrow(/2 invalid props:[\s\S]*dataPath "relative"[\s\S]*rootPassword \(MONGO_INITDB_ROOT_PASSWORD\) must not be empty/);
  });

  test('Postgres, like the other engines, claims a provisioned volume by default and a hand-made one with hostPath', () => {
    const credentials = { user: 'u', password: 'p', database: 'd' };
    const provisioned = new Postgres(testChart(), 'P', { credentials });
    expect(provisioned.volumeName).toBeUndefined();
    expect(provisioned.claimName).toBe('postgres-pvc');
    const handMade = new Postgres(testChart(), 'P', { credentials, hostPath: '/data/postgres' });
    expect(handMade.volumeName).toBe('postgres-pv');
    expect(handMade.dataNode).toBeUndefined();
  });
});
