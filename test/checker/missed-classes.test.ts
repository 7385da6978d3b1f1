// Issue 23, "it misses whole classes of defect": one rule per class, each with a folder that has
// the defect (positive) and the same folder without it (negative). The folders are written here,
// modelled on the real-world folders of the survey in docs/checker.md.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseAllDocuments } from 'yaml';
import { checkDocuments, CheckOptions, CheckReport, ManifestDocument } from '../../src/checker';
import { shippedGatewayCrds } from '../../src/checker/custom-resources';
import { describeProblems, withRule } from './helpers';

// Tests poke at arbitrary manifest structure; typing every path would only add noise.
type Obj = Record<string, any>;

const deployment = (name: string, container: Obj, extra: Obj = {}): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, ...container }], ...extra } } },
});
const service = (name: string, port: number, namespace?: string): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { selector: { app: name }, ports: [{ port, targetPort: port }] },
});
const configMap = (name: string, data: Obj): Obj => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

function run(objects: Obj[], options: CheckOptions = {}): CheckReport {
  const docs: ManifestDocument[] = objects.map((content, i) => ({ file: `${String(i).padStart(2, '0')}.yaml`, content }));
  return checkDocuments(docs, options);
}
const rules = (report: CheckReport, rule: string): string[] => withRule(report, rule).map((p) => `${p.severity} ${p.object} ${p.field}`);

/** A voting-app-like folder: redis and a worker that reaches it. */
const redis = [deployment('redis', { image: 'redis:7.2', ports: [{ containerPort: 6379 }] }), service('redis', 6379)];

describe('ref.host: host settings that name nothing', () => {
  const worker = (env: Obj[]): Obj => deployment('worker', { image: 'example/worker:1.0', env });

  it('accepts a Service of the folder, with its port, as a bare name, NAME.NAMESPACE or the full cluster name', () => {
    const report = run([...redis, worker([
      { name: 'REDIS_HOST', value: 'redis' },
      { name: 'REDIS_ADDR', value: 'redis:6379' },
      { name: 'REDIS_URL', value: 'redis://redis.default.svc.cluster.local:6379/0' },
      { name: 'CACHE_HOST', value: 'redis.default' },
    ])]);
    expect(rules(report, 'ref.host')).toEqual([]);
  });

  it('leaves external hosts, IP addresses, bind addresses and kubelet expansions alone', () => {
    const report = run([...redis, worker([
      { name: 'API_URL', value: 'https://api.github.com/v3' },
      { name: 'DB_HOST', value: 'db.internal.corp' },
      { name: 'METRICS_ADDR', value: '10.0.0.12:9100' },
      { name: 'LISTEN_ADDR', value: '0.0.0.0:8080' },
      { name: 'OTHER_HOST', value: '$(REDIS_SERVICE_HOST)' },
    ])]);
    expect(rules(report, 'ref.host')).toEqual([]);
  });

  it('warns about a name that is no Service of the folder, in env and in a ConfigMap the container reads (once per key)', () => {
    const report = run([...redis, configMap('cfg', { POSTGRES_HOST: 'db' }),
      worker([{ name: 'REDIS_HOST', value: 'rediss' }, { name: 'POSTGRES_HOST', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'POSTGRES_HOST' } } }]),
      deployment('result', { image: 'example/result:1.0', envFrom: [{ configMapRef: { name: 'cfg' } }] }),
    ]);
    expect(rules(report, 'ref.host')).toEqual([
      'warning ConfigMap/default/cfg data.POSTGRES_HOST',
      'warning Deployment/default/worker spec.template.spec.containers[0].env[0].value',
    ]);
    expect(withRule(report, 'ref.host')[1].message).toContain('no Service rediss in namespace default (Services there: redis)');
  });

  it('warns about a port the Service does not expose, a placeholder, and localhost in a one-container pod', () => {
    const report = run([...redis, worker([
      { name: 'REDIS_ADDR', value: 'redis:6380' },
      { name: 'DB_HOST', value: '<your-db-host>' },
      { name: 'QUEUE_HOST', value: 'localhost' },
    ])]);
    expect(withRule(report, 'ref.host').map((p) => p.message)).toEqual([
      expect.stringContaining('uses port 6380, but Service redis'),
      expect.stringContaining('placeholder "<your-db-host>"'),
      expect.stringContaining('points Deployment/default/worker at its own pod'),
    ]);
  });

  it('accepts localhost with a sidecar in the pod, or on a port the container itself listens on', () => {
    const sidecar = deployment('api', { image: 'example/api:1.0', env: [{ name: 'DB_HOST', value: '127.0.0.1' }] });
    sidecar.spec.template.spec.containers.push({ name: 'proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.0' });
    const self = deployment('web', { image: 'example/web:1.0', ports: [{ containerPort: 8080 }], env: [{ name: 'SELF_URL', value: 'http://localhost:8080/' }] });
    expect(rules(run([...redis, sidecar, self]), 'ref.host')).toEqual([]);
  });

  it('judges no names in a folder without Services (a fragment whose Services live elsewhere)', () => {
    expect(rules(run([worker([{ name: 'REDIS_HOST', value: 'redis' }])]), 'ref.host')).toEqual([]);
  });
});

describe('pod.duplicate-port-name', () => {
  it('is an error when two ports of one container share a name, and fine across containers', () => {
    const bad = deployment('web', { image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 8080, name: 'http' }] });
    expect(rules(run([bad]), 'pod.duplicate-port-name')).toEqual(['error Deployment/default/web spec.template.spec.containers[0].ports[1].name']);
    const good = deployment('web', { image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 8080, name: 'admin' }] });
    expect(rules(run([good]), 'pod.duplicate-port-name')).toEqual([]);
  });
});

describe('image.floating-tag', () => {
  it.each([
    ['traefik', true],
    ['traefik:latest', true],
    ['registry.example.com:5000/team/app', true],
    ['traefik:v3.3', false],
    ['registry.example.com:5000/team/app:1.2', false],
    ['traefik@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', false],
    ['redis:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', false],
  ])('%s: warned %s', (image, warned) => {
    expect(rules(run([deployment('web', { image })]), 'image.floating-tag')).toEqual(warned ? ['warning Deployment/default/web spec.template.spec.containers[0].image'] : []);
  });
});

describe('hostpath.unread: a host path mounted where the program does not read it', () => {
  const cadvisor = (mountPath: string, image = 'gcr.io/cadvisor/cadvisor:v0.49.1'): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'cadvisor', namespace: 'kube-system' },
    spec: {
      selector: { matchLabels: { app: 'cadvisor' } },
      template: {
        metadata: { labels: { app: 'cadvisor' } },
        spec: {
          containers: [{ name: 'cadvisor', image, volumeMounts: [{ name: 'rootfs', mountPath, readOnly: true }, { name: 'sys', mountPath: '/sys' }] }],
          volumes: [{ name: 'rootfs', hostPath: { path: '/' } }, { name: 'sys', hostPath: { path: '/sys/' } }],
        },
      },
    },
  });

  it("warns about cAdvisor's host / mounted anywhere but /rootfs", () => {
    expect(rules(run([cadvisor('/root-fs')]), 'hostpath.unread')).toEqual(['warning DaemonSet/kube-system/cadvisor spec.template.spec.containers[0].volumeMounts[0].mountPath']);
    expect(rules(run([cadvisor('/rootfs/')]), 'hostpath.unread')).toEqual([]);
  });

  it('judges only programs whose mounts are known', () => {
    expect(rules(run([cadvisor('/root-fs', 'example/node-agent:1.0')]), 'hostpath.unread')).toEqual([]);
  });
});

describe('ingress.traefik-v1: Traefik 1.x on Kubernetes 1.22+, without any policy', () => {
  const traefik = (image: string, args = ['--api', '--kubernetes']): Obj => deployment('traefik', { image, args });
  const ingress: Obj = {
    apiVersion: 'extensions/v1beta1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec: { rules: [{ host: 'web.example.com', http: { paths: [{ backend: { serviceName: 'redis', servicePort: 6379 } }] } }] },
  };

  it('warns from 1.22 on, not on 1.21, and not for Traefik 2+', () => {
    expect(rules(run([traefik('traefik:1.7.34')], { k8s: '1.22' }), 'ingress.traefik-v1')).toEqual(['warning Deployment/default/traefik spec.template.spec.containers[0].image']);
    expect(rules(run([traefik('traefik:v1.7')], { k8s: '1.36' }), 'ingress.traefik-v1')).toHaveLength(1);
    expect(rules(run([traefik('traefik:1.7')], { k8s: '1.21' }), 'ingress.traefik-v1')).toEqual([]);
    expect(rules(run([traefik('traefik:v3.3', ['--providers.kubernetesingress'])], { k8s: '1.33' }), 'ingress.traefik-v1')).toEqual([]);
    expect(rules(run([traefik('traefik:1.7', ['--docker'])], { k8s: '1.33' }), 'ingress.traefik-v1')).toEqual([]);
  });

  it('api.removed on its v1beta1 Ingresses does not suggest networking.k8s.io/v1 alone', () => {
    const withTraefik = withRule(run([...redis, traefik('traefik:1.7'), ingress], { k8s: '1.27' }), 'api.removed')[0].message;
    expect(withTraefik).toContain('Traefik 1.x (Deployment/default/traefik) reads only this apiVersion');
    expect(withTraefik).not.toContain('; use networking.k8s.io/v1');
    const without = withRule(run([...redis, ingress], { k8s: '1.27' }), 'api.removed')[0].message;
    expect(without).toContain('; use networking.k8s.io/v1');
  });
});

describe('removed apiVersions checked against their replacement', () => {
  it('an extensions/v1beta1 Deployment: the typo and the selector apps/v1 requires show up now', () => {
    const old = deployment('web', { image: 'nginx:1.27', ports: [{ containerPort: 80, hostport: 80 }] });
    old.apiVersion = 'extensions/v1beta1';
    delete old.spec.selector;
    const report = run([old], { k8s: '1.27' });
    expect(report.problems.map((p) => `${p.rule} ${p.field}`)).toEqual([
      'api.removed apiVersion',
      'schema.required spec.selector',
      'schema.unknown-field spec.template.spec.containers[0].ports[0].hostport',
    ]);
    expect(withRule(report, 'schema.required')[0].message).toContain('(checked as apps/v1, its replacement');
  });
});

describe('payload.size and object.size: the API server limits', () => {
  it('a ConfigMap over 1 MiB is an error; under it, over 256 KiB, client-side apply fails (warning)', () => {
    const big = run([configMap('big', { 'data.json': 'x'.repeat(1024 * 1024) })]);
    expect(rules(big, 'payload.size')).toEqual(['error ConfigMap/default/big data']);
    const medium = run([configMap('medium', { 'data.json': 'x'.repeat(300 * 1024) })]);
    expect(rules(medium, 'payload.size')).toEqual([]);
    expect(rules(medium, 'object.size')).toEqual(['warning ConfigMap/default/medium -']);
    expect(describeProblems(run([configMap('small', { a: 'b' })]))).toBe('');
  });

  it('a Secret counts decoded bytes; annotations over 256 KiB are an error', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { blob: Buffer.alloc(1024 * 1024 + 1).toString('base64') } };
    expect(rules(run([secret]), 'payload.size')).toEqual(['error Secret/default/s data']);
    const annotated = configMap('a', {});
    annotated.metadata.annotations = { note: 'y'.repeat(256 * 1024) };
    expect(rules(run([annotated]), 'object.size')).toEqual(['error ConfigMap/default/a metadata.annotations']);
  });
});

describe('custom resources validated against their CustomResourceDefinition', () => {
  const crd: Obj = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'backups.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Backup', plural: 'backups' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['schedule'], properties: { schedule: { type: 'string', pattern: '^[0-9*/, -]+$' }, keep: { type: 'integer', minimum: 1 } } } } } } },
        { name: 'v1alpha1', served: false, storage: false },
      ],
    },
  };
  const backup = (spec: Obj, apiVersion = 'example.com/v1'): Obj => ({ apiVersion, kind: 'Backup', metadata: { name: 'nightly' }, spec });

  it('accepts a valid object and reports unknown fields, types, patterns, bounds and required fields', () => {
    expect(describeProblems(run([crd, backup({ schedule: '0 3 * * *', keep: 7 })]))).toBe('');
    const bad = run([crd, backup({ schedul: '0 3 * * *', keep: 0 })]);
    expect(bad.problems.map((p) => `${p.rule} ${p.field}`)).toEqual(['schema.required spec.schedule', 'schema.unknown-field spec.schedul', 'schema.invalid spec.keep']);
    expect(run([crd, backup({ schedule: 'daily' })]).problems.map((p) => `${p.rule} ${p.field}`)).toEqual(['schema.invalid spec.schedule']);
  });

  it('refuses a version the CRD does not serve', () => {
    expect(rules(run([crd, backup({ schedule: '0 3 * * *' }, 'example.com/v1alpha1')]), 'api.not-served')).toEqual(['error Backup/default/nightly apiVersion']);
  });

  it('validates Gateway API objects against the shipped v1.6.1 standard CRDs', () => {
    const gateway: Obj = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'web' },
      spec: { gatewayClassName: 'traefik', listeners: [{ name: 'web', protocol: 'HTTP', port: 8000 }] },
    };
    const route: Obj = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'poll' },
      spec: { parentRefs: [{ name: 'web' }], hostnames: ['poll.dop.io'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'redis', port: 6379 }] }] },
    };
    expect(describeProblems(run([...redis, gateway, route]))).toBe('');
    const typo = structuredClone(route);
    typo.spec.rules[0].backendRefs[0].prot = 80;
    typo.spec.rules[0].matches[0].path.type = 'Prefix';
    expect(run([...redis, gateway, typo]).problems.map((p) => `${p.rule} ${p.field}`)).toEqual([
      'schema.unknown-field spec.rules[0].backendRefs[0].prot',
      'schema.enum spec.rules[0].matches[0].path.type',
    ]);
    // An experimental-channel kind is not among the shipped standard CRDs (TCPRoute is, since v1.6).
    const experimental = { apiVersion: 'gateway.networking.x-k8s.io/v1alpha1', kind: 'XBackendTrafficPolicy', metadata: { name: 't' }, spec: {} };
    expect(rules(run([experimental]), 'api.custom-resource')).toEqual(['warning XBackendTrafficPolicy/default/t apiVersion']);
  });
});

describe('CRD schemas as the API server applies them', () => {
  it('fills in defaults before validating, and oneOf branches constrain values without refusing fields (Gateway addresses)', () => {
    // Modelled on kubernetes-sigs/gateway-api examples/standard/gateway-addresses.yaml.
    const gateway: Obj = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'addresses' },
      spec: { gatewayClassName: 'example', addresses: [{ value: '1.2.3.4' }, { value: '2001:db8::1' }, { type: 'Hostname', value: 'example.com' }], listeners: [{ name: 'web', protocol: 'HTTP', port: 80 }] },
    };
    expect(describeProblems(run([gateway]))).toBe('');
    gateway.spec.addresses.push({ value: 'not-an-ip' });
    expect(run([gateway]).problems.map((p) => `${p.rule} ${p.field}`)).toEqual(['schema.invalid spec.addresses[3]']);
  });
});

describe('the shipped Gateway API schemas', () => {
  it('are the vendored CRDs (scripts/import-gateway-schemas.js): same kinds, same served versions', () => {
    const dir = path.join(__dirname, '..', '..', 'schemas', 'gateway-api');
    const crds = parseAllDocuments(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'v1.6.1-standard-crds.yaml.gz'))).toString('utf8'))
      .map((d) => d.toJS() as Obj)
      .filter((c) => c?.kind === 'CustomResourceDefinition')
      .map((c) => `${c.spec.names.kind} ${c.spec.versions.filter((v: Obj) => v.served !== false).map((v: Obj) => v.name).join(',')}`);
    const shipped = shippedGatewayCrds().map((c) => `${c.kind} ${[...c.versions.keys()].join(',')}`);
    expect(shipped).toEqual(crds);
  });
});
