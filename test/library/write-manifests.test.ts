import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Component, k8s, Redis, renderManifests, ValidationError, writeManifests } from 'bernstein-cdk8s';

/** A component of a user's own: one ConfigMap, filed as `<name>.configmap.yaml`. */
class Settings extends Component {
  constructor(scope: Construct, id: string, name: string) {
    super(scope, id, name, 'default');
    new k8s.KubeConfigMap(this, 'Map', { metadata: { name, namespace: this.namespace }, data: { MODE: 'test' } });
  }
}

function shopChart(app: App = new App({ outdir: 'unused' })): Chart {
  return new Chart(app, 'shop', { disableResourceNameHashes: true });
}

function folder(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf-8')]));
}

describe('writeManifests', () => {
  let parent: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'write-manifests-'));
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  test('writes one <component>.<kind>.yaml per component and kind, and an object created inside a component joins its files', () => {
    const chart = shopChart();
    const redis = new Redis(chart, 'Redis');
    new k8s.KubeCronJob(redis, 'Flush', {
      metadata: { name: 'redis-flush' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'flush', image: 'redis:5.0', args: ['redis-cli', '-h', redis.serviceName, 'flushall'] }] } } } } },
    });
    new Settings(chart, 'Settings', 'settings');
    const out = path.join(parent, 'manifests');
    const written = writeManifests(chart, out);
    expect(fs.readdirSync(out).sort()).toEqual(['redis.configmap.yaml', 'redis.cronjob.yaml', 'redis.deployment.yaml', 'redis.service.yaml', 'settings.configmap.yaml']);
    expect(written.files.map((f) => f.fileName)).toEqual(fs.readdirSync(out).sort());
    expect(fs.readFileSync(path.join(out, 'redis.cronjob.yaml'), 'utf-8')).toContain('name: redis-flush');
  });

  test('is deterministic: the same constructs give byte-identical files', () => {
    const build = (): ReadonlyMap<string, string> => {
      const chart = shopChart();
      new Redis(chart, 'Redis');
      new Settings(chart, 'Settings', 'settings');
      return renderManifests(chart);
    };
    expect([...build()]).toEqual([...build()]);
  });

  test('writes every chart of an App', () => {
    const app = new App({ outdir: 'unused' });
    new Redis(shopChart(app), 'Redis');
    new Settings(new Chart(app, 'extra'), 'Settings', 'settings');
    const out = path.join(parent, 'all');
    writeManifests(app, out);
    expect(fs.readdirSync(out).sort()).toEqual(['redis.configmap.yaml', 'redis.deployment.yaml', 'redis.service.yaml', 'settings.configmap.yaml']);
  });

  test('a failing cdk8s validation fails the write with its message and leaves the previous folder untouched', () => {
    const out = path.join(parent, 'manifests');
    const good = shopChart();
    new Redis(good, 'Redis');
    writeManifests(good, out);
    const before = folder(out);

    const bad = shopChart();
    const redis = new Redis(bad, 'Redis');
    redis.node.addValidation({ validate: () => ['redis needs a password in production'] });
    new Settings(bad, 'Settings', 'settings');
    expect(() => writeManifests(bad, out)).toThrow(/Validation failed with the following errors:\n {2}\[shop\/Redis\] redis needs a password in production/);
    expect(folder(out)).toEqual(before);
  });

  test('a component of one\'s own with a name no file or label may carry fails the write, naming it', () => {
    const chart = shopChart();
    new Settings(chart, 'Settings', 'My_Settings');
    expect(() => renderManifests(chart)).toThrow('[shop/Settings] Component My_Settings: componentName "My_Settings" is invalid; allowed: an RFC 1123 label');
  });

  test('an object outside every component is refused with its name, path and the way to fix it', () => {
    const chart = shopChart();
    new Redis(chart, 'Redis');
    new k8s.KubeCronJob(chart, 'Backup', {
      metadata: { name: 'backup' },
      spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'b', image: 'busybox' }] } } } } },
    });
    const out = path.join(parent, 'manifests');
    expect(() => writeManifests(chart, out)).toThrow('CronJob "backup" (construct path shop/Backup) is not inside a component');
    expect(() => writeManifests(chart, out)).toThrow('extends Component');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('two objects with the same kind, namespace and name are refused', () => {
    const app = new App({ outdir: 'unused' });
    new Redis(shopChart(app), 'Redis');
    new Redis(new Chart(app, 'again'), 'Redis');
    expect(() => renderManifests(app)).toThrow(/objects defined twice: .*Deployment\.apps default\/redis \(construct paths shop\/Redis\/Deployment, again\/Redis\/Deployment\)/);
  });

  test('an outdir that cannot be replaced whole is refused, named as the function\'s parameter', () => {
    const chart = shopChart();
    new Redis(chart, 'Redis');
    fs.writeFileSync(path.join(parent, 'notes.txt'), 'mine');
    expect(() => writeManifests(chart, parent)).toThrow(new ValidationError([`writeManifests: outdir "${parent}" holds a file this tool did not write (notes.txt); refusing to replace it, nothing was changed; allowed: a new or empty folder, or one holding only manifests this tool wrote (move your files elsewhere, or choose another folder)`]));
    expect(() => writeManifests(chart, process.cwd())).toThrow('writeManifests: outdir');
    expect(fs.readFileSync(path.join(parent, 'notes.txt'), 'utf-8')).toBe('mine');
  });

  test('a scope without any object is refused', () => {
    expect(() => writeManifests(shopChart(), path.join(parent, 'empty'))).toThrow(ValidationError);
    expect(() => writeManifests(shopChart(), path.join(parent, 'empty'))).toThrow('holds no Kubernetes object');
  });
});

describe('the standard cdk8s path', () => {
  test('Testing.synth gives the objects of our constructs, as writeManifests does', () => {
    const chart = Testing.chart();
    new Redis(chart, 'Redis');
    const kinds = Testing.synth(chart).map((o: { kind: string }) => o.kind).sort();
    // Testing.app() makes a temporary output folder: this test leaves nothing behind.
    fs.rmSync((chart.node.root as App).outdir, { recursive: true, force: true });
    expect(kinds).toEqual(['ConfigMap', 'Deployment', 'Service']);
  });

  test('app.synth() writes cdk8s\'s usual one file per chart with our constructs inside', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-synth-'));
    try {
      const app = new App({ outdir });
      new Redis(shopChart(app), 'Redis');
      app.synth();
      expect(fs.readdirSync(outdir)).toEqual(['shop.k8s.yaml']);
      const text = fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf-8');
      expect(text).toContain('kind: Deployment');
      expect(text).toContain('name: redis');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
