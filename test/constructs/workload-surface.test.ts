// The workload surface every app needs (command, literal env, envFrom, volumes, pull settings,
// service account, labels, init containers, TLS, autoscaling) and the Job and CronJob components,
// which take the same props and join the wiring graph like any component.
import { Cron } from 'cdk8s';
import { addNetworkPolicies, ConfigSource, CronJob, Job, Postgres, Redis, ScalingTarget, ServiceAccount, StatefulApp, StatelessApp, ValidationError, Volume } from '../../src';
import { applyOrder } from '../../src/output/apply-order';
import { layoutChart } from '../../src/output/layout';
import { deriveTopology } from '../../src/diagram/topology';
import { at, containers, find, K8sObject, podSpec } from '../helpers/manifests';
import { chartObjects, testChart } from '../helpers/chart';
import { ModelPod, PolicyModel } from '../helpers/network-policy';

const credentials = { user: 'shop', password: 'secret', database: 'shop' };

describe('StatelessApp workload surface', () => {
  const chart = testChart();
  const redis = new Redis(chart, 'R');
  const settings = new ConfigSource(redis, 'Flags', { name: 'flags', namespace: 'default', kind: 'ConfigMap', entries: { FAST: 'yes', 'app.conf': 'x=1' } });
  const shared = Volume.emptyDir('shared', { sizeLimit: '1Gi' });
  const app = new StatelessApp(chart, 'Api', {
    name: 'api',
    image: 'registry.example.com/shop/api:1.0',
    port: 8080,
    command: ['/bin/api'],
    args: ['--listen', ':8080'],
    env: redis.connectionEnv(),
    envValues: { MODE: 'production', REDIS_URL: 'redis://$(REDIS_HOST):$(REDIS_PORT)' },
    envFrom: [settings],
    mounts: [
      { path: '/shared', volume: shared },
      { path: '/etc/app', volume: Volume.fromConfigSource(settings, { keys: ['app.conf'] }), readOnly: true },
      { path: '/data', volume: Volume.claim('data', { size: '2Gi', storageClassName: 'fast', accessMode: 'ReadWriteOncePod' }) },
      { path: '/old', volume: Volume.existingClaim('legacy-data', 'legacy') },
    ],
    imagePullPolicy: 'IfNotPresent',
    imagePullSecrets: ['registry-credentials'],
    serviceAccount: ServiceAccount.own(),
    automountServiceAccountToken: false,
    podLabels: { tier: 'backend' },
    podAnnotations: { 'prometheus.io/scrape': 'true' },
    labels: { 'app.kubernetes.io/part-of': 'shop' },
    annotations: { owner: 'team-shop' },
    initContainers: [{ name: 'migrate', image: 'registry.example.com/shop/api:1.0', command: ['/bin/migrate'], mounts: [{ path: '/shared', volume: shared }] }],
    resources: { requests: { cpu: '250m', memory: '256Mi' } },
    autoscaling: { minReplicas: 2, maxReplicas: 5, targets: [ScalingTarget.cpuUtilization(70), ScalingTarget.memoryUtilization(80)] },
    route: { host: 'api.example.com', controller: { ingressClass: 'nginx' }, tlsSecretName: 'api-tls' },
  });
  const objects = chartObjects(chart);
  const deployment = find(objects, 'Deployment', 'api');
  const container = at<Record<string, unknown>>(podSpec(deployment), 'containers', 0);

  test('the container: command, args, literal values after bindings, whole ConfigSources, pull policy, mounts', () => {
    expect(container).toMatchObject({ command: ['/bin/api'], args: ['--listen', ':8080'], imagePullPolicy: 'IfNotPresent', envFrom: [{ configMapRef: { name: 'flags' } }] });
    expect(at<Array<{ name: string }>>(container, 'env').map((e) => e.name)).toEqual(['REDIS_HOST', 'REDIS_PORT', 'MODE', 'REDIS_URL']);
    expect(at(container, 'volumeMounts')).toEqual([
      { name: 'shared', mountPath: '/shared' },
      { name: 'flags', mountPath: '/etc/app', readOnly: true },
      { name: 'data', mountPath: '/data' },
      { name: 'legacy', mountPath: '/old' },
    ]);
  });

  test('the pod: one volume per name, init containers, pull secrets, its own service account, labels and annotations', () => {
    const pod = podSpec(deployment);
    expect(at(pod, 'volumes')).toEqual([
      { name: 'shared', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'flags', configMap: { name: 'flags', items: [{ key: 'app.conf', path: 'app.conf' }] } },
      { name: 'data', persistentVolumeClaim: { claimName: 'api-data' } },
      { name: 'legacy', persistentVolumeClaim: { claimName: 'legacy-data' } },
    ]);
    expect(at(pod, 'initContainers', 0)).toMatchObject({ name: 'migrate', command: ['/bin/migrate'], volumeMounts: [{ name: 'shared', mountPath: '/shared' }] });
    expect(pod).toMatchObject({ imagePullSecrets: [{ name: 'registry-credentials' }], serviceAccountName: 'api', automountServiceAccountToken: false });
    expect(at(deployment, 'spec', 'template', 'metadata')).toEqual({ labels: { app: 'api', tier: 'backend' }, annotations: { 'prometheus.io/scrape': 'true' } });
    expect(at(deployment, 'spec', 'selector')).toEqual({ matchLabels: { app: 'api' } });
    for (const kind of ['Deployment', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'ServiceAccount', 'PersistentVolumeClaim']) {
      const o = find(objects, kind, kind === 'PersistentVolumeClaim' ? 'api-data' : 'api');
      expect([kind, o.metadata.labels, o.metadata.annotations?.owner]).toEqual([kind, { app: 'api', 'app.kubernetes.io/part-of': 'shop' }, 'team-shop']);
    }
    expect(at(find(objects, 'PersistentVolumeClaim', 'api-data'), 'spec')).toEqual({ accessModes: ['ReadWriteOncePod'], storageClassName: 'fast', resources: { requests: { storage: '2Gi' } } });
    expect([app.serviceAccount?.kind, app.horizontalPodAutoscaler?.kind]).toEqual(['ServiceAccount', 'HorizontalPodAutoscaler']);
    expect(app.persistentVolumeClaims.map((c) => c.name)).toEqual(['api-data']);
  });

  test('autoscaled: the Deployment leaves replicas to an autoscaling/v2 HorizontalPodAutoscaler', () => {
    expect(at(deployment, 'spec', 'replicas')).toBeUndefined();
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'api');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(at(hpa, 'spec')).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    });
    expect(objects.find((o) => o.object.kind === 'HorizontalPodAutoscaler')?.file).toBe('api.hpa.yaml');
  });

  test('the diagram shows the autoscaled range instead of a replica count', () => {
    const node = deriveTopology(layoutChart(chart)).nodes.find((n) => n.key === 'component:api');
    expect(node?.lines).toEqual(['api', 'Deployment ×2–5']);
  });

  test('Ingress TLS: the route\'s host with its certificate Secret', () => {
    expect(at(find(objects, 'Ingress', 'api'), 'spec', 'tls')).toEqual([{ hosts: ['api.example.com'], secretName: 'api-tls' }]);
  });

  test('reads through envFrom and file volumes are recorded like bindings', () => {
    expect(app.reads).toEqual([redis.config, settings]);
    expect(applyOrder(chart).find((s) => s.component === 'api')?.after).toEqual(['redis']);
  });

  test('restricted runs restrict init containers too', () => {
    const c = testChart();
    new StatelessApp(c, 'A', { name: 'a', image: 'a:1', restricted: { user: 1000 }, initContainers: [{ name: 'init', image: 'a:1' }] });
    const init = at<Record<string, unknown>>(podSpec(find(chartObjects(c), 'Deployment', 'a')), 'initContainers', 0);
    expect(init.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });
});

describe('refusals name the prop, the value and what is allowed', () => {
  const base = { name: 'api', image: 'api:1', port: 8080 };
  test.each([
    [{ ...base, autoscaling: { maxReplicas: 3, targets: [ScalingTarget.cpuUtilization(70)] } }, 'autoscaling.targets[0] cpu utilization is invalid without resources.requests.cpu; allowed: a target on a resource the container requests'],
    [{ ...base, replicas: 2, autoscaling: { maxReplicas: 3, targets: [ScalingTarget.cpuUtilization(70)] }, resources: { requests: { cpu: '1' } } }, 'replicas 2 is invalid with autoscaling; allowed: autoscaling.minReplicas and maxReplicas instead'],
    [{ ...base, autoscaling: { minReplicas: 4, maxReplicas: 3, targets: [] }, resources: { requests: { cpu: '1' } } }, 'autoscaling.maxReplicas 3 is invalid; allowed: at least minReplicas (4)'],
    [{ ...base, imagePullPolicy: 'Sometimes' as 'Always' }, 'imagePullPolicy "Sometimes" is invalid; allowed: Always, IfNotPresent, Never'],
    [{ ...base, envValues: { '1BAD': 'x' } }, 'envValues name "1BAD" is invalid'],
    [{ ...base, podLabels: { app: 'other' } }, 'podLabels key "app" is invalid; allowed: any other key'],
    [{ ...base, labels: { 'bad key!': 'x' } }, 'labels key "bad key!" is invalid; allowed: [prefix/]name'],
    [{ ...base, mounts: [{ path: 'relative', volume: Volume.emptyDir('x') }] }, 'mounts[0].path "relative" is invalid; allowed: an absolute path'],
    [{ ...base, route: { host: 'a.io', controller: { ingressClass: 'nginx' }, tlsSecretName: 'Not_A_Name' } }, 'route.tlsSecretName "Not_A_Name" is invalid'],
    [{ ...base, initContainers: [{ name: 'Init', image: 'a:1' }] }, 'initContainers[0].name "Init" is invalid'],
  ])('%#', (props, message) => {
    expect(() => new StatelessApp(testChart(), 'A', props)).toThrow(ValidationError);
    expect(() => new StatelessApp(testChart(), 'A', props)).toThrow(`StatelessApp api: ${message}`);
  });

  test('volume factories refuse bad values by name', () => {
    expect(() => Volume.claim('data', { size: 'lots' })).toThrow('Volume data: size "lots" is invalid; allowed: a positive Kubernetes quantity');
    expect(() => Volume.emptyDir('Data')).toThrow('Volume Data: name "Data" is invalid');
    const source = new ConfigSource(testChart(), 'S', { name: 's', namespace: 'default', kind: 'Secret', entries: { A: '1' } });
    expect(() => Volume.fromConfigSource(source, { keys: ['B'] })).toThrow('Volume s: keys "B" is invalid; allowed: a key of Secret s (A)');
  });

  test('two different volumes of one name are refused', () => {
    expect(() => new StatelessApp(testChart(), 'A', { ...base, mounts: [{ path: '/a', volume: Volume.emptyDir('x') }, { path: '/b', volume: Volume.emptyDir('x') }] }))
      .toThrow('[test/A] api: mounts: volume name "x" is invalid: two different volumes carry it; allowed: one name per volume');
  });

  test('CronJob schedule and time zone', () => {
    const props = { name: 'nightly', image: 'n:1' };
    expect(() => new CronJob(testChart(), 'C', { ...props, schedule: Cron.daily() })).not.toThrow();
    expect(() => new CronJob(testChart(), 'C', { ...props, schedule: Cron.schedule({ minute: '0 0' }) }))
      .toThrow('CronJob nightly: schedule "0 0 * * * *" is invalid; allowed: five cron fields (minute hour day month weekday) or @hourly, @daily, @weekly, @monthly, @yearly');
    expect(() => new CronJob(testChart(), 'C', { ...props, schedule: new Cron({}), timeZone: 'Not a zone' })).toThrow('CronJob nightly: timeZone "Not a zone" is invalid; allowed: an IANA time zone');
    expect(() => new Job(testChart(), 'J', { ...props, backoffLimit: -1 })).toThrow('Job nightly: backoffLimit -1 is invalid; allowed: an integer >= 0');
  });
});

describe('Job and CronJob join the wiring graph', () => {
  const chart = testChart();
  const db = new Postgres(chart, 'Db', { credentials });
  const migrate = new Job(chart, 'Migrate', { name: 'migrate', image: 'shop/migrate:1', command: ['./migrate'], env: db.connectionEnv(), backoffLimit: 2, ttlSecondsAfterFinished: 600 });
  const backup = new CronJob(chart, 'Backup', {
    name: 'backup', image: 'postgres:17', schedule: Cron.schedule({ minute: '30', hour: '2' }), timeZone: 'Europe/Paris',
    env: db.connectionEnv(), resources: { limits: { memory: '256Mi' } }, restricted: { user: 999 }, nodeSelector: { 'kubernetes.io/arch': 'amd64' },
    mounts: [{ path: '/dumps', volume: Volume.claim('dumps', { size: '5Gi' }) }],
  });
  const stranger = new StatelessApp(chart, 'Other', { name: 'other', image: 'o:1' });
  addNetworkPolicies(chart);
  const objects = chartObjects(chart);

  test('a Job: pods labelled by component, Never restarted by default, its settings', () => {
    const job = find(objects, 'Job', 'migrate');
    expect(at(job, 'spec')).toMatchObject({ backoffLimit: 2, ttlSecondsAfterFinished: 600, template: { metadata: { labels: { app: 'migrate' } }, spec: { restartPolicy: 'Never', enableServiceLinks: false } } });
    expect(migrate.job.kind).toBe('Job');
    expect(objects.find((o) => o.object.kind === 'Job')?.file).toBe('migrate.job.yaml');
  });

  test('a CronJob: schedule, zone, Forbid by default, restricted pods, placement, its claim', () => {
    const cron = find(objects, 'CronJob', 'backup');
    expect(at(cron, 'spec')).toMatchObject({ schedule: '30 2 * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Forbid' });
    const pod = at<Record<string, unknown>>(cron, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
    expect(pod).toMatchObject({ nodeSelector: { 'kubernetes.io/arch': 'amd64' }, automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, runAsUser: 999 } });
    expect(at(pod, 'volumes', 0)).toEqual({ name: 'dumps', persistentVolumeClaim: { claimName: 'backup-dumps' } });
    expect(containers({ spec: { template: { spec: pod } } } as unknown as K8sObject)[0].resources).toEqual({ limits: { memory: '256Mi' } });
    expect(backup.cronJob.kind).toBe('CronJob');
    expect(backup.persistentVolumeClaims.map((c) => c.name)).toEqual(['backup-dumps']);
  });

  test('both connect to what they bind, apply after it, and get network policies that let exactly them reach postgres', () => {
    expect(migrate.connections.map((e) => e.component)).toEqual([db]);
    expect(backup.connections.map((e) => e.component)).toEqual([db]);
    const order = applyOrder(chart);
    expect(order.find((s) => s.component === 'backup')?.after).toEqual(['postgres']);
    const pod = (name: string, labels: Record<string, string>, ports: ModelPod['ports'] = []): ModelPod => ({ kind: 'pod', id: `default/${name}`, namespace: 'default', labels, ports });
    const postgresPod = pod('postgres', { app: 'postgres' }, [{ port: 5432, protocol: 'TCP', name: 'postgres' }]);
    const model = new PolicyModel(objects.map((o) => o.object));
    expect(model.allows(pod('backup', { app: 'backup' }), postgresPod, 5432)).toBe(true);
    expect(model.allows(pod('migrate', { app: 'migrate' }), postgresPod, 5432)).toBe(true);
    expect(model.allows(pod('other', { app: stranger.componentName }), postgresPod, 5432)).toBe(false);
    expect(objects.map((o) => o.file)).toEqual(expect.arrayContaining(['backup.networkpolicy.yaml', 'migrate.networkpolicy.yaml']));
  });
});

describe('StatefulApp takes the same surface', () => {
  const base = { name: 'store', image: 'store:1', ports: [{ name: 'client', port: 9000 }], dataMountPath: '/data' };

  test('literal values, extra mounts after the member\'s own data volume, init containers, labels', () => {
    const chart = testChart();
    const app = new StatefulApp(chart, 'S', {
      ...base,
      envValues: { HEAP: '512m' },
      mounts: [{ path: '/scratch', volume: Volume.emptyDir('scratch') }],
      initContainers: [{ name: 'fix', image: 'busybox:1.36', command: ['true'] }],
      labels: { tier: 'data' },
      serviceAccount: ServiceAccount.existing('store-reader'),
    });
    const set = find(chartObjects(chart), 'StatefulSet', 'store');
    expect(containers(set)[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }, { name: 'scratch', mountPath: '/scratch' }]);
    expect(at(podSpec(set), 'volumes')).toEqual([{ name: 'scratch', emptyDir: {} }]);
    expect(podSpec(set)).toMatchObject({ serviceAccountName: 'store-reader', initContainers: [{ name: 'fix', image: 'busybox:1.36', command: ['true'] }] });
    expect(at(set, 'metadata', 'labels')).toEqual({ app: 'store', tier: 'data' });
    expect([app.serviceAccount, app.persistentVolumeClaims]).toEqual([undefined, []]);
  });

  test('a mount named like the member\'s own volume is refused', () => {
    expect(() => new StatefulApp(testChart(), 'S', { ...base, mounts: [{ path: '/x', volume: Volume.emptyDir('data') }] }))
      .toThrow('StatefulApp store: mounts volume name "data" is invalid; allowed: any other name');
  });
});
