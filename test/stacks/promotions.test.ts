// Seed 000 (Carrefour promotions): what the use case asks, checked on the synthesized manifests.
import { App } from 'cdk8s';
import { PromotionsChart } from '../../src/charts/promotions-chart';
import { layoutChart } from '../../src/output/layout';
import { renderYaml } from '../../src/output/render';
import { synthesize } from '../../src/synth';
import { at, containers, find, K8sObject, parseRendered, podSpec } from '../helpers/manifests';
import { describeStackOutput, stackOutput } from '../helpers/stack-output';

describeStackOutput('promotions', {
  'mongodb.secret.yaml': ['Secret'],
  'mongodb.configmap.yaml': ['ConfigMap'],
  'mongodb.volume.yaml': ['PersistentVolumeClaim'],
  'mongodb.deployment.yaml': ['Deployment'],
  'mongodb.service.yaml': ['Service'],
  'promotions.configmap.yaml': ['ConfigMap'],
  'promotions.deployment.yaml': ['Deployment'],
  'promotions.service.yaml': ['Service'],
  'promotions.ingress.yaml': ['Ingress'],
  'promotions.pdb.yaml': ['PodDisruptionBudget'],
  'logger.deployment.yaml': ['Deployment'],
  'logger.service.yaml': ['Service'],
  'logger.pdb.yaml': ['PodDisruptionBudget'],
});

const { objects } = stackOutput('promotions');
const all = objects.map((o) => o.object);

function envSource(workload: K8sObject, variable: string): { kind: string; name: string; key: string } | undefined {
  const entry = containers(workload)[0].env?.find((e) => e.name === variable);
  const cm = entry?.valueFrom?.configMapKeyRef;
  const secret = entry?.valueFrom?.secretKeyRef;
  if (cm) return { kind: 'ConfigMap', ...cm };
  if (secret) return { kind: 'Secret', ...secret };
  return undefined;
}

function resolved(workload: K8sObject, variable: string): string | undefined {
  const source = envSource(workload, variable);
  if (!source) return undefined;
  const raw = at<string>(find(objects, source.kind, source.name), 'data', source.key);
  return source.kind === 'Secret' ? Buffer.from(raw, 'base64').toString('utf-8') : raw;
}

describe('MongoDB keeps its data in a persistent volume at /data/crf', () => {
  const mongodb = find(objects, 'Deployment', 'mongodb');
  const container = containers(mongodb)[0];

  test('the claim is mounted at /data/crf and mongod stores its files there', () => {
    const mount = container.volumeMounts!.find((m) => m.mountPath === '/data/crf');
    expect(mount).toBeDefined();
    const volume = at<{ name: string; persistentVolumeClaim?: { claimName: string } }[]>(podSpec(mongodb), 'volumes').find((v) => v.name === mount!.name);
    const claim = find(objects, 'PersistentVolumeClaim', volume!.persistentVolumeClaim!.claimName);
    expect(at(claim, 'spec', 'accessModes')).toEqual(['ReadWriteOnce']);
    expect(container.args!.join(' ')).toContain('--dbpath /data/crf');
  });

  test('survives restarts and rollouts: one replica, Recreate (never two mongod on one volume)', () => {
    expect(at(mongodb, 'spec', 'replicas')).toBe(1);
    expect(at(mongodb, 'spec', 'strategy', 'type')).toBe('Recreate');
  });

  test('has readiness and liveness probes', () => {
    expect(at(mongodb, 'spec', 'template', 'spec', 'containers', 0, 'readinessProbe')).toBeDefined();
    expect(at(mongodb, 'spec', 'template', 'spec', 'containers', 0, 'livenessProbe')).toBeDefined();
  });

  test('root credentials live in a Secret and reach the server by reference', () => {
    expect(envSource(mongodb, 'MONGO_INITDB_ROOT_USERNAME')).toEqual({ kind: 'Secret', name: 'mongodb-secret', key: 'MONGO_INITDB_ROOT_USERNAME' });
    expect(envSource(mongodb, 'MONGO_INITDB_ROOT_PASSWORD')).toEqual({ kind: 'Secret', name: 'mongodb-secret', key: 'MONGO_INITDB_ROOT_PASSWORD' });
    expect(Object.keys(at(find(objects, 'ConfigMap', 'mongodb-config'), 'data'))).not.toContain('MONGO_INITDB_ROOT_PASSWORD');
  });
});

describe('the promotions application (/GetPromotions, /SetPromotions) is highly available and reachable from outside', () => {
  const api = find(objects, 'Deployment', 'promotions');

  test('runs at least 2 replicas, never two on one node', () => {
    expect(at<number>(api, 'spec', 'replicas')).toBeGreaterThanOrEqual(2);
    expect(at(podSpec(api), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 0)).toEqual({
      labelSelector: { matchLabels: at(api, 'spec', 'template', 'metadata', 'labels') },
      topologyKey: 'kubernetes.io/hostname',
    });
  });

  test('has HTTP readiness and liveness probes', () => {
    const c = at<Record<string, unknown>>(api, 'spec', 'template', 'spec', 'containers', 0);
    expect(at(c, 'readinessProbe', 'httpGet', 'port')).toBe(8080);
    expect(at(c, 'livenessProbe', 'httpGet', 'port')).toBe(8080);
  });

  test('is reachable through an Ingress and, without an ingress controller, a NodePort', () => {
    const service = find(objects, 'Service', 'promotions');
    expect(at(service, 'spec', 'type')).toBe('NodePort');
    expect(at(service, 'spec', 'ports', 0, 'nodePort')).toBe(30080);
    const ingress = find(objects, 'Ingress', 'promotions');
    expect(at(ingress, 'spec', 'rules', 0, 'host')).toBe('promotions.local');
    expect(at(ingress, 'spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service')).toEqual({ name: 'promotions', port: { number: 8080 } });
  });

  test('reads the MongoDB connection settings from ConfigMaps and the credentials from the Secret', () => {
    const service = find(objects, 'Service', 'mongodb');
    expect(resolved(api, 'MONGO_HOST')).toBe(service.metadata.name);
    expect(resolved(api, 'MONGO_PORT')).toBe(String(at(service, 'spec', 'ports', 0, 'port')));
    expect(resolved(api, 'MONGO_DB')).toBe('promotions');
    expect(envSource(api, 'MONGO_HOST')!.kind).toBe('ConfigMap');
    expect(envSource(api, 'MONGO_USERNAME')!.kind).toBe('Secret');
    expect(envSource(api, 'MONGO_PASSWORD')!.kind).toBe('Secret');
    expect(resolved(api, 'MONGO_PASSWORD')).toBe(resolved(find(objects, 'Deployment', 'mongodb'), 'MONGO_INITDB_ROOT_PASSWORD'));
  });

  test('calls the logger at a URL built from the logger Service name and port, kept in its ConfigMap', () => {
    expect(envSource(api, 'LOGGER_URL')).toEqual({ kind: 'ConfigMap', name: 'promotions-config', key: 'LOGGER_URL' });
    const url = new URL(resolved(api, 'LOGGER_URL')!);
    const logger = find(objects, 'Service', url.hostname);
    expect(at<{ port: number }[]>(logger, 'spec', 'ports').map((p) => p.port)).toContain(Number(url.port));
    expect(at(logger, 'spec', 'selector')).toEqual({ app: 'logger' });
  });
});

describe('the logging application is reachable only inside the cluster', () => {
  test('its Service is ClusterIP without a node port, and no Ingress routes to it', () => {
    const service = find(objects, 'Service', 'logger');
    expect(at(service, 'spec', 'type')).toBe('ClusterIP');
    expect(at<{ nodePort?: number }[]>(service, 'spec', 'ports').every((p) => p.nodePort === undefined)).toBe(true);
    const routed = all.filter((o) => o.kind === 'Ingress').flatMap((i) => at<{ http: { paths: { backend: { service: { name: string } } }[] } }[]>(i, 'spec', 'rules'))
      .flatMap((r) => r.http.paths.map((p) => p.backend.service.name));
    expect(routed).not.toContain('logger');
  });

  test('is replicated on distinct nodes too, with HTTP probes', () => {
    const logger = find(objects, 'Deployment', 'logger');
    expect(at<number>(logger, 'spec', 'replicas')).toBeGreaterThanOrEqual(2);
    expect(at(podSpec(logger), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution')).toHaveLength(1);
    expect(at(logger, 'spec', 'template', 'spec', 'containers', 0, 'readinessProbe', 'httpGet')).toBeDefined();
  });
});

describe('promotions stack options', () => {
  test('credentials come from the environment, with a notice when they do not', () => {
    const given = synthesize({ stack: 'promotions', env: { MONGO_INITDB_ROOT_USERNAME: 'crf', MONGO_INITDB_ROOT_PASSWORD: 's3cret' } });
    expect(given.notices).toEqual([]);
    const secret = parseRendered(given.rendered).find((o) => o.object.kind === 'Secret')!.object;
    expect(Buffer.from(at<string>(secret, 'data', 'MONGO_INITDB_ROOT_PASSWORD'), 'base64').toString()).toBe('s3cret');
    expect(synthesize({ stack: 'promotions', env: {} }).notices[0]).toContain('MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD not set');
  });

  test('--single-node spreads replicas only when possible', () => {
    const single = parseRendered(synthesize({ stack: 'promotions', env: {}, spreading: 'preferred' }).rendered);
    for (const name of ['promotions', 'logger']) {
      expect(at(podSpec(find(single, 'Deployment', name)), 'affinity', 'podAntiAffinity', 'preferredDuringSchedulingIgnoredDuringExecution')).toHaveLength(1);
    }
  });

  test('images, host, node port, replicas and storage are props', () => {
    const chart = new PromotionsChart(new App({ outdir: 'unused' }), 'p', {
      credentials: { rootUser: 'u', rootPassword: 'p' },
      images: { api: 'registry.example/crf/api:1.2' },
      host: 'promo.crf.example',
      apiNodePort: 31000,
      apiReplicas: 3,
      storageSize: '5Gi',
    });
    const custom = parseRendered(new Map(layoutChart(chart).map((f) => [f.fileName, renderYaml(f.documents)])));
    const api = find(custom, 'Deployment', 'promotions');
    expect(containers(api)[0].image).toBe('registry.example/crf/api:1.2');
    expect(at(api, 'spec', 'replicas')).toBe(3);
    expect(at(find(custom, 'Ingress', 'promotions'), 'spec', 'rules', 0, 'host')).toBe('promo.crf.example');
    expect(at(find(custom, 'Service', 'promotions'), 'spec', 'ports', 0, 'nodePort')).toBe(31000);
    expect(at(find(custom, 'PersistentVolumeClaim', 'mongodb-pvc'), 'spec', 'resources', 'requests', 'storage')).toBe('5Gi');
  });

  test('invalid props are reported together; credentials once, by MongoDb', () => {
    expect(() => new PromotionsChart(new App({ outdir: 'unused' }), 'p', {
      credentials: { rootUser: 'promotions', rootPassword: 'x' },
      apiNodePort: 80,
      apiReplicas: 0,
    })).toThrow(/2 invalid props:[\s\S]*apiNodePort 80[\s\S]*apiReplicas 0/);
    expect(() => new PromotionsChart(new App({ outdir: 'unused' }), 'p', {
      credentials: { rootUser: 'bad user', rootPassword: '' },
    })).toThrow(/2 invalid props:[\s\S]*MongoDb mongodb: credentials.rootUser \(MONGO_INITDB_ROOT_USERNAME\) "bad user"[\s\S]*credentials.rootPassword \(MONGO_INITDB_ROOT_PASSWORD\) must not be empty/);
  });
});

describe('high availability, as the use case asks', () => {
  test.each(['promotions', 'logger'])('%s: 2 replicas on distinct nodes, and a budget lets a drain take only one down', (name) => {
    const deployment = find(objects, 'Deployment', name);
    const labels = at(deployment, 'spec', 'template', 'metadata', 'labels');
    expect(at(deployment, 'spec', 'replicas')).toBe(2);
    expect(at(deployment, 'spec', 'template', 'spec', 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 0, 'labelSelector', 'matchLabels')).toEqual(labels);
    expect(at(find(objects, 'PodDisruptionBudget', name), 'spec')).toEqual({ maxUnavailable: 1, selector: { matchLabels: labels } });
  });

  test('a single replica gets no budget (it would block every drain)', () => {
    const chart = new PromotionsChart(new App({ outdir: 'unused' }), 'p', { credentials: { rootUser: 'promotions', rootPassword: 'x' }, loggerReplicas: 1 });
    expect(chart.node.findAll().filter((c) => (c as { kind?: string }).kind === 'PodDisruptionBudget').map((c) => (c as unknown as { name: string }).name)).toEqual(['promotions']);
  });
});
