// What a binding guarantees wherever it goes: a store tells its clients every value they need, a
// client in another namespace gets working references, and no path a binding can take escapes the
// wiring graph (apply order, network policies) without synth saying so.
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Component, ConfigSource, k8s, Namespace, Postgres, Redis, resolveCredentials, StatelessApp, toEnvVar, ValidationError } from '../../src';
import { applyOrder } from '../../src/output/apply-order';
import { layoutChart } from '../../src/output/layout';
import { declaredFlows, peerKey } from '../../src/network/flows';
import { at, containers, find } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';

const credentials = { user: 'shop', password: 'secret', database: 'shop' };

describe('neutral defaults', () => {
  test('a Postgres writes no table unless told: no init.sql key, no init volume', () => {
    const chart = testChart();
    new Postgres(chart, 'P', { credentials });
    const objects = chartObjects(chart);
    expect(Object.keys(at<Record<string, string>>(find(objects, 'ConfigMap', 'postgres-config'), 'data')).sort()).toEqual(['POSTGRES_DB', 'POSTGRES_HOST', 'POSTGRES_PORT']);
    const deployment = find(objects, 'Deployment', 'postgres');
    expect(at<unknown[]>(deployment, 'spec', 'template', 'spec', 'volumes').map((v) => at(v, 'name'))).toEqual(['data']);
    expect(containers(deployment)[0].volumeMounts?.map((m) => m.mountPath)).toEqual(['/var/lib/postgresql/data']);
  });

  test('initSql, when given, is mounted for the entrypoint; an empty one is refused', () => {
    const chart = testChart();
    new Postgres(chart, 'P', { credentials, initSql: 'CREATE TABLE t (id int);\n' });
    expect(at(find(chartObjects(chart), 'ConfigMap', 'postgres-config'), 'data', 'init.sql')).toBe('CREATE TABLE t (id int);\n');
    expect(() => new Postgres(testChart(), 'P', { credentials, initSql: ' ' })).toThrow('initSql "" is invalid');
  });
});

describe('a store hands out every value a client needs', () => {
  test('Redis on 6380 tells its clients REDIS_HOST and REDIS_PORT; on the default port too, unless omitDefaultPort', () => {
    const chart = testChart();
    const queue = new Redis(chart, 'Q', { name: 'queue', port: 6380 });
    expect(queue.connectionEnv().map((b) => [b.name, b.key])).toEqual([['REDIS_HOST', 'REDIS_HOST'], ['REDIS_PORT', 'REDIS_PORT']]);
    const cache = new Redis(chart, 'C', { name: 'cache' });
    const spec = new Redis(chart, 'S', { name: 'spec', omitDefaultPort: true });
    const objects = chartObjects(chart);
    expect(at(find(objects, 'ConfigMap', 'queue-config'), 'data')).toEqual({ REDIS_HOST: 'queue', REDIS_PORT: '6380' });
    expect(at(find(objects, 'ConfigMap', 'cache-config'), 'data')).toEqual({ REDIS_HOST: 'cache', REDIS_PORT: '6379' });
    expect(at(find(objects, 'ConfigMap', 'spec-config'), 'data')).toEqual({ REDIS_HOST: 'spec' });
    expect(cache.connectionEnv().map((b) => b.name)).toEqual(['REDIS_HOST', 'REDIS_PORT']);
    expect(spec.connectionEnv().map((b) => b.name)).toEqual(['REDIS_HOST']);
  });

  test('omitDefaultPort on another port is refused: its clients would dial 6379', () => {
    expect(() => new Redis(testChart(), 'R', { port: 6380, omitDefaultPort: true }))
      .toThrow(new ValidationError(['Redis redis: omitDefaultPort true is invalid with port 6380; allowed: omitDefaultPort with the default port 6379 only (clients reading no REDIS_PORT dial 6379)'], 'test/R'));
  });

  test('one endpoint shape: a method on stores and apps alike', () => {
    const chart = testChart();
    const redis = new Redis(chart, 'R');
    const db = new Postgres(chart, 'P', { credentials });
    const api = new StatelessApp(chart, 'A', { name: 'api', image: 'api:1', port: 8080 });
    expect([redis.endpoint(), db.endpoint(), api.endpoint()].map((e) => `${e.serviceName}:${e.portName}:${e.port}`)).toEqual(['redis:redis:6379', 'postgres:postgres:5432', 'api:http:8080']);
    expect(() => db.endpoint('http')).toThrow(new ValidationError(['postgres: endpoint portName "http" is invalid; allowed: postgres'], 'test/P'));
  });
});

describe('a binding used in another namespace', () => {
  const build = () => {
    const chart = testChart();
    new Namespace(chart, 'DbNs', { name: 'db' });
    new Namespace(chart, 'ShopNs', { name: 'shop' });
    const db = new Postgres(chart, 'P', { credentials, namespace: 'db' });
    const redis = new Redis(chart, 'R', { namespace: 'db' });
    const api = new StatelessApp(chart, 'Api', { name: 'api', image: 'api:1', namespace: 'shop', env: [...db.connectionEnv(), ...redis.connectionEnv()] });
    return { chart, db, redis, api };
  };

  test('resolves: the store writes a copy of its ConfigMap and Secret into the client\'s namespace, with the Service fully qualified', () => {
    const { chart, db } = build();
    const objects = chartObjects(chart);
    const configs = objects.filter((o) => o.object.kind === 'ConfigMap' && o.object.metadata.name === 'postgres-config');
    expect(configs.map((o) => [o.file, o.object.metadata.namespace])).toEqual([['postgres.configmap.yaml', 'db'], ['postgres.configmap.yaml', 'shop']]);
    expect(at(configs[0].object, 'data', 'POSTGRES_HOST')).toBe('postgres');
    expect(at(configs[1].object, 'data', 'POSTGRES_HOST')).toBe('postgres.db.svc.cluster.local');
    const secrets = objects.filter((o) => o.object.kind === 'Secret' && o.object.metadata.name === 'postgres-secret');
    expect(secrets.map((o) => o.object.metadata.namespace)).toEqual(['db', 'shop']);
    expect(at(secrets[1].object, 'data')).toEqual(at(secrets[0].object, 'data'));
    const redisCopy = objects.find((o) => o.object.kind === 'ConfigMap' && o.object.metadata.name === 'redis-config' && o.object.metadata.namespace === 'shop');
    expect(at(redisCopy?.object, 'data')).toEqual({ REDIS_HOST: 'redis.db.svc.cluster.local', REDIS_PORT: '6379' });
    expect(db.config.copiesElsewhere.map((c) => c.namespace)).toEqual(['shop']);
    // Every key the client reads exists in its own namespace.
    const api = find(objects, 'Deployment', 'api');
    for (const e of containers(api)[0].env ?? []) {
      const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
      const kind = e.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const target = objects.find((o) => o.object.kind === kind && o.object.metadata.name === ref?.name && o.object.metadata.namespace === 'shop');
      expect(Object.keys(at<Record<string, string>>(target?.object, 'data'))).toContain(ref?.key);
    }
  });

  test('is recorded: the store applies after the client\'s namespace, and the flow crosses namespaces', () => {
    const { chart } = build();
    const order = applyOrder(chart);
    const step = (name: string) => order.find((s) => s.component === name)!;
    expect(step('postgres').after).toEqual(['db', 'shop']);
    expect(step('api').after).toEqual(['shop', 'postgres', 'redis']);
    const flows = declaredFlows(chart).filter((f) => f.reason === 'connection').map((f) => `${peerKey(f.from)} → ${peerKey(f.to)}:${f.port}`);
    expect(flows).toEqual(['shop/api → db/postgres:5432', 'shop/api → db/redis:6379']);
  });

  test('a URL setting of another namespace\'s app is fully qualified', () => {
    const chart = testChart();
    const backend = new StatelessApp(chart, 'B', { name: 'backend', image: 'b:1', port: 5000, namespace: 'api' });
    const front = new StatelessApp(chart, 'F', { name: 'front', image: 'f:1', namespace: 'web', config: { API: { endpoint: backend.endpoint(), url: 'http://backend:5000/v1' } } });
    expect(at(find(chartObjects(chart), 'ConfigMap', 'front-config'), 'data', 'API')).toBe('http://backend.api.svc.cluster.local:5000/v1');
    expect(front.connections.map((e) => e.component)).toEqual([backend]);
  });

  test('a reference written by hand that Kubernetes could not resolve is refused at synth, naming both namespaces', () => {
    const chart = testChart();
    const db = new Postgres(chart, 'P', { credentials, namespace: 'db' });
    const job = new (class extends Component {
      constructor() {
        super(chart, 'Report', 'report', 'shop');
        this.connectTo(db.endpoint());
        new k8s.KubeJob(this, 'Job', { metadata: { name: 'report', namespace: 'shop' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'r', image: 'r:1', env: db.connectionEnv().map(toEnvVar) }] } } } });
      }
    })();
    expect(job.componentName).toBe('report');
    expect(() => layoutChart(chart)).toThrow(/Job report of component report \(test\/Report\/Job\) reads ConfigMap postgres-config \(spec\.template\.spec\.containers\[0\]\.env\[0\]\.valueFrom\.configMapKeyRef\.name\) in namespace shop, but the chart writes it in namespace db only.*allowed: bindings used through the component .*report\.useEnv\(bindings\)/);
  });
});

describe('every way a binding reaches a container is recorded', () => {
  class Backup extends Component {
    constructor(scope: Component | ReturnType<typeof testChart>, db: Postgres, record: boolean) {
      super(scope, 'Backup', 'backup', 'default');
      const env = record ? this.useEnv(db.connectionEnv()) : db.connectionEnv().map(toEnvVar);
      new k8s.KubeCronJob(this, 'CronJob', {
        metadata: { name: 'backup', labels: this.selectorLabels },
        spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { metadata: { labels: this.selectorLabels }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'dump', image: 'postgres:17', env }] } } } } },
      });
    }
  }

  test('a raw container given the bindings through useEnv records the connection and the reads', () => {
    const chart = testChart();
    const db = new Postgres(chart, 'P', { credentials });
    const backup = new Backup(chart, db, true);
    expect(backup.connections.map((e) => e.component)).toEqual([db]);
    expect(backup.reads).toEqual([db.config, db.secret]);
    expect(applyOrder(chart).find((s) => s.component === 'backup')?.after).toEqual(['postgres']);
    expect(() => layoutChart(chart)).not.toThrow();
  });

  test('a raw container given the bindings through toEnvVar is refused at synth, with the fix named', () => {
    const chart = testChart();
    new Backup(chart, new Postgres(chart, 'P', { credentials }), false);
    expect(() => layoutChart(chart)).toThrow(/CronJob backup of component backup \(test\/Backup\/CronJob\) reads ConfigMap postgres-config .* of component postgres, but no read of it and no connection to postgres is recorded, so apply order, diagram and network policies leave that traffic out; allowed: render the variables with backup\.useEnv\(bindings\) instead of toEnvVar/);
  });

  test('cdk8s\'s own synth refuses it too', () => {
    const chart = testChart();
    new Backup(chart, new Postgres(chart, 'P', { credentials }), false);
    expect(() => (chart.node.root as App).synthYaml()).toThrow(/no read of it and no connection to postgres is recorded/);
  });

  test('a whole ConfigSource read through readFrom is recorded, and copied into another namespace', () => {
    const chart = testChart();
    const settings = new (class extends Component {
      public readonly source: ConfigSource;
      constructor() {
        super(chart, 'Settings', 'settings', 'ops');
        this.source = new ConfigSource(this, 'Config', { name: 'settings', namespace: 'ops', kind: 'ConfigMap', entries: { LEVEL: 'debug' } });
      }
    })();
    const reader = new StatelessApp(chart, 'App', { name: 'app', image: 'a:1', namespace: 'web' });
    const seen = reader.readFrom(settings.source);
    expect([seen.name, seen.namespace, seen.origin]).toEqual(['settings', 'web', settings.source]);
    expect(reader.reads).toEqual([seen]);
    expect(reader.readFrom(settings.source)).toBe(seen);
  });
});

describe('generated objects in reach', () => {
  test('app.deployment is the ApiObject of kind Deployment, and the escape hatch patches it', () => {
    const chart = testChart();
    const api = new StatelessApp(chart, 'Api', { name: 'api', image: 'api:1', port: 8080 });
    expect(ApiObject.isApiObject(api.deployment)).toBe(true);
    expect([api.deployment.kind, api.service?.kind]).toEqual(['Deployment', 'Service']);
    ApiObject.of(api.deployment).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', 3));
    api.deployment.metadata.addAnnotation('team', 'shop');
    const deployment = find(chartObjects(chart), 'Deployment', 'api');
    expect(at(deployment, 'spec', 'revisionHistoryLimit')).toBe(3);
    expect(deployment.metadata.annotations).toEqual({ team: 'shop' });
  });

  test('every store exposes what it writes, under the kind\'s name', () => {
    const chart = testChart();
    const db = new Postgres(chart, 'P', { credentials, hostPath: '/srv/pg' });
    const redis = new Redis(chart, 'R');
    expect([db.deployment, db.service, db.persistentVolumeClaim, db.persistentVolume!, db.config.apiObject, db.secret.apiObject, redis.deployment, redis.service].map((o) => o.kind))
      .toEqual(['Deployment', 'Service', 'PersistentVolumeClaim', 'PersistentVolume', 'ConfigMap', 'Secret', 'Deployment', 'Service']);
    expect(ApiObject.of(db.secret)).toBe(db.secret.apiObject);
  });
});

describe('every error the library throws is a ValidationError naming the construct path, the prop, the value and what is allowed', () => {
  const thrown = (f: () => unknown): unknown => {
    try {
      f();
    } catch (err) {
      return err;
    }
    throw new Error('nothing thrown');
  };

  test('props of a construct: the path first, then owner, prop, value, allowed', () => {
    const err = thrown(() => new StatelessApp(testChart(), 'Api', { name: 'Api', image: 'api:1' }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).constructPath).toBe('test/Api');
    expect((err as ValidationError).message).toMatch(/^\[test\/Api\] StatelessApp Api: name "Api" is invalid; allowed: an RFC 1123 label/);
  });

  test('synth-time refusals: an object outside every component, a binding of a missing key, a credential given twice', () => {
    const chart = testChart();
    new k8s.KubeConfigMap(chart, 'Loose', { metadata: { name: 'loose' } });
    expect(thrown(() => layoutChart(chart))).toBeInstanceOf(ValidationError);
    expect(thrown(() => new Redis(testChart(), 'R').config.bind('NOPE'))).toBeInstanceOf(ValidationError);
    const twice = thrown(() => resolveCredentials({ password: { envVar: 'PW', fileVariant: true, developmentDefault: 'dev' } }, { PW: 'a', PW_FILE: '/x' }));
    expect(twice).toBeInstanceOf(ValidationError);
    expect((twice as Error).message).toBe('PW_FILE "/x" is invalid with PW also set; allowed: either PW or PW_FILE, not both');
  });
});
