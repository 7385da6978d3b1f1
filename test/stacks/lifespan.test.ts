// Seed 004 (lifespan prediction app): what the project description asks, checked on the manifests.
import { App } from 'cdk8s';
import { LifespanChart } from '../../src/charts/lifespan-chart';
import { layoutChart } from '../../src/output/layout';
import { renderYaml } from '../../src/output/render';
import { synthesize } from '../../src/synth';
import { at, containers, find, K8sObject, namespaceOf, parseRendered } from '../helpers/manifests';
import { findings } from '../helpers/check';
import { describeStackOutput, stackOutput } from '../helpers/stack-output';

describeStackOutput('lifespan', {
  '00-lifespan.namespace.yaml': ['Namespace'],
  'mysql.secret.yaml': ['Secret'],
  'mysql.configmap.yaml': ['ConfigMap'],
  'mysql.volume.yaml': ['PersistentVolumeClaim'],
  'mysql.deployment.yaml': ['Deployment'],
  'mysql.service.yaml': ['Service'],
  'backend.configmap.yaml': ['ConfigMap'],
  'backend.deployment.yaml': ['Deployment'],
  'backend.service.yaml': ['Service'],
  'frontend.configmap.yaml': ['ConfigMap'],
  'frontend.deployment.yaml': ['Deployment'],
  'frontend.service.yaml': ['Service'],
});

const { objects } = stackOutput('lifespan');
const all = objects.map((o) => o.object);

function data(name: string): Record<string, string> {
  return at(find(objects, 'ConfigMap', name), 'data');
}

function envFrom(workload: K8sObject, variable: string): { kind: string; name: string; key: string } | undefined {
  const entry = containers(workload)[0].env?.find((e) => e.name === variable);
  if (entry?.valueFrom?.configMapKeyRef) return { kind: 'ConfigMap', ...entry.valueFrom.configMapKeyRef };
  if (entry?.valueFrom?.secretKeyRef) return { kind: 'Secret', ...entry.valueFrom.secretKeyRef };
  return undefined;
}

describe('isolation: a namespace of its own', () => {
  test('the stack creates the lifespan Namespace and puts every other object in it', () => {
    expect(find(objects, 'Namespace', 'lifespan').metadata.namespace).toBeUndefined();
    for (const o of all.filter((x) => x.kind !== 'Namespace')) expect({ object: `${o.kind} ${o.metadata.name}`, namespace: o.metadata.namespace }).toEqual({ object: `${o.kind} ${o.metadata.name}`, namespace: 'lifespan' });
  });

  test('renaming the namespace moves every object and every reference stays valid', () => {
    const chart = new LifespanChart(new App({ outdir: 'unused' }), 'l', {
      namespace: 'predictions',
      credentials: { rootPassword: 'r', user: 'u', password: 'p', database: 'd' },
    });
    const moved = parseRendered(new Map(layoutChart(chart).map((f) => [f.fileName, renderYaml(f.documents)]))).map((o) => o.object);
    expect(new Set(moved.filter((o) => o.kind !== 'Namespace').map(namespaceOf))).toEqual(new Set(['predictions']));
    expect(moved.find((o) => o.kind === 'Namespace')!.metadata.name).toBe('predictions');
    expect(findings(moved)).toEqual([]);
  });
});

describe('three Deployments and their Services', () => {
  test('MySQL, backend and frontend are Deployments', () => {
    expect(all.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual(['backend', 'frontend', 'mysql']);
  });

  test('MySQL is a ClusterIP Service on 3306', () => {
    const mysql = find(objects, 'Service', 'mysql');
    expect(at(mysql, 'spec', 'type')).toBe('ClusterIP');
    expect(at(mysql, 'spec', 'ports', 0, 'port')).toBe(3306);
  });

  test('the backend is a ClusterIP Service exposing 5000', () => {
    const backend = find(objects, 'Service', 'backend');
    expect(at(backend, 'spec', 'type')).toBe('ClusterIP');
    expect(at(backend, 'spec', 'ports', 0)).toMatchObject({ port: 5000, targetPort: 5000 });
  });

  test('the frontend is a NodePort Service targeting 3000 on node port 30001', () => {
    const frontend = find(objects, 'Service', 'frontend');
    expect(at(frontend, 'spec', 'type')).toBe('NodePort');
    expect(at(frontend, 'spec', 'ports', 0)).toMatchObject({ targetPort: 3000, nodePort: 30001 });
    expect(containers(find(objects, 'Deployment', 'frontend'))[0].ports).toEqual([{ name: 'http', containerPort: 3000 }]);
  });

  test('MySQL keeps one writer per volume: one replica, Recreate', () => {
    const mysql = find(objects, 'Deployment', 'mysql');
    expect(at(mysql, 'spec', 'replicas')).toBe(1);
    expect(at(mysql, 'spec', 'strategy', 'type')).toBe('Recreate');
  });
});

describe('storage: a 2Gi claim, provisioned dynamically', () => {
  test('the claim asks the default StorageClass for 2Gi; no PersistentVolume is hand-made', () => {
    const claim = find(objects, 'PersistentVolumeClaim', 'mysql-pvc');
    expect(at(claim, 'spec', 'resources', 'requests', 'storage')).toBe('2Gi');
    expect(at(claim, 'spec', 'storageClassName')).toBeUndefined();
    expect(at(claim, 'spec', 'volumeName')).toBeUndefined();
    expect(all.filter((o) => o.kind === 'PersistentVolume')).toEqual([]);
  });

  test('MySQL mounts it as its data directory', () => {
    const mount = containers(find(objects, 'Deployment', 'mysql'))[0].volumeMounts![0];
    expect(mount.mountPath).toBe('/var/lib/mysql');
  });
});

describe('three ConfigMaps and a Secret', () => {
  test('exactly the MySQL, backend and frontend ConfigMaps', () => {
    expect(all.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name).sort()).toEqual(['backend-config', 'frontend-config', 'mysql-config']);
  });

  test('MySQL\'s holds MYSQL_DATABASE, which the server reads from it', () => {
    expect(data('mysql-config').MYSQL_DATABASE).toBe('lifespan');
    expect(envFrom(find(objects, 'Deployment', 'mysql'), 'MYSQL_DATABASE')).toEqual({ kind: 'ConfigMap', name: 'mysql-config', key: 'MYSQL_DATABASE' });
  });

  test('the backend\'s holds MYSQL_DATABASE (the same database) and FLASK_ENV, which the backend reads', () => {
    expect(data('backend-config')).toEqual({ MYSQL_DATABASE: data('mysql-config').MYSQL_DATABASE, FLASK_ENV: 'production' });
    const backend = find(objects, 'Deployment', 'backend');
    expect(envFrom(backend, 'MYSQL_DATABASE')).toEqual({ kind: 'ConfigMap', name: 'backend-config', key: 'MYSQL_DATABASE' });
    expect(envFrom(backend, 'FLASK_ENV')).toEqual({ kind: 'ConfigMap', name: 'backend-config', key: 'FLASK_ENV' });
  });

  test('the frontend\'s holds the backend URL, made of the backend Service name and port, and CHOKIDAR_USEPOLLING', () => {
    const settings = data('frontend-config');
    const url = new URL(settings.REACT_APP_BACKEND_URL);
    const backend = find(objects, 'Service', url.hostname);
    expect(Number(url.port)).toBe(at(backend, 'spec', 'ports', 0, 'port'));
    expect(settings.REACT_APP_BACKEND_URL).toBe('http://backend:5000');
    expect(settings.CHOKIDAR_USEPOLLING).toBe('true');
    expect(envFrom(find(objects, 'Deployment', 'frontend'), 'REACT_APP_BACKEND_URL')).toEqual({ kind: 'ConfigMap', name: 'frontend-config', key: 'REACT_APP_BACKEND_URL' });
  });

  test('the Secret holds MYSQL_ROOT_PASSWORD, MYSQL_USER and MYSQL_PASSWORD; the backend reaches MySQL with them', () => {
    expect(Object.keys(at(find(objects, 'Secret', 'mysql-secret'), 'data')).sort()).toEqual(['MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'MYSQL_USER']);
    const backend = find(objects, 'Deployment', 'backend');
    expect(envFrom(backend, 'MYSQL_USER')).toEqual({ kind: 'Secret', name: 'mysql-secret', key: 'MYSQL_USER' });
    expect(envFrom(backend, 'MYSQL_PASSWORD')).toEqual({ kind: 'Secret', name: 'mysql-secret', key: 'MYSQL_PASSWORD' });
    expect(envFrom(backend, 'MYSQL_HOST')).toEqual({ kind: 'ConfigMap', name: 'mysql-config', key: 'MYSQL_HOST' });
    expect(data('mysql-config').MYSQL_HOST).toBe(find(objects, 'Service', 'mysql').metadata.name);
    // The root password is the server's alone.
    expect(envFrom(backend, 'MYSQL_ROOT_PASSWORD')).toBeUndefined();
  });

  test('credentials come from the environment (or *_FILE), with a notice for the defaulted ones', () => {
    const given = synthesize({ stack: 'lifespan', env: { MYSQL_ROOT_PASSWORD: 'root-pw', MYSQL_USER: 'alice', MYSQL_PASSWORD: 'alice-pw' } });
    expect(given.notices).toEqual([]);
    const secret = parseRendered(given.rendered).find((o) => o.object.kind === 'Secret')!.object;
    const decoded = Object.fromEntries(Object.entries(at<Record<string, string>>(secret, 'data')).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(decoded).toEqual({ MYSQL_ROOT_PASSWORD: 'root-pw', MYSQL_USER: 'alice', MYSQL_PASSWORD: 'alice-pw' });
    expect(synthesize({ stack: 'lifespan', env: { MYSQL_USER: 'alice' } }).notices[0]).toContain('MYSQL_ROOT_PASSWORD, MYSQL_PASSWORD not set');
  });

  test('MYSQL_USER=root is refused with the variable named', () => {
    expect(() => synthesize({ stack: 'lifespan', env: { MYSQL_USER: 'root' } })).toThrow('credentials.user (MYSQL_USER) "root" is invalid');
  });
});

