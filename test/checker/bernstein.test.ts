import { check, checkDocuments, CheckReport, ManifestDocument } from '../../src/checker';
import { describeProblems, errors, fixture, loadDocuments, warnings, withEdit, withRule } from './helpers';

const GOOD = 'bernstein-good';
const good: ManifestDocument[] = loadDocuments(GOOD);
const FILES = [...new Set(good.map((d) => d.file))];

function policy(docs: readonly ManifestDocument[], options: { k8s?: string; allowModern?: boolean } = {}, files: readonly string[] = FILES): CheckReport {
  return checkDocuments(docs, { policy: 'bernstein', ...options }, files);
}

/** [severity, rule, file, object, field] of the policy problems. */
function found(report: CheckReport): string[][] {
  return report.problems.filter((p) => p.rule.startsWith('bernstein.') && p.rule !== 'ingress.traefik-v1').map((p) => [p.severity, p.rule, p.file, p.object, p.field]);
}

describe('the known-good Bernstein folder', () => {
  it('passes on 1.27 with only the Traefik 1.7 warning', () => {
    const report = check(fixture(GOOD), { policy: 'bernstein' });
    expect(describeProblems(report)).toBe(
      `warning ingress.traefik-v1 traefik.deployment.yaml Deployment/kube-public/traefik spec.template.spec.containers[0].image: ${report.problems[0]?.message}`,
    );
    expect(report.problems[0].message).toContain('routes nothing (traefik/traefik#8343)');
    expect(report.summary.text).toBe('0 errors, 1 warning in 19 files (schema v1.27.0, Kubernetes 1.27)');
  });

  it('passes without any problem on 1.21, where Traefik 1.7 still works', () => {
    expect(check(fixture(GOOD), { policy: 'bernstein', k8s: '1.21' }).problems).toEqual([]);
  });

  it('passes on 1.21 with the extensions/v1beta1 Ingresses Traefik 1.7 reads', () => {
    let docs = good;
    for (const file of ['poll.ingress.yaml', 'result.ingress.yaml']) {
      docs = withEdit(docs, file, (ing) => {
        const app = file.split('.')[0];
        ing.apiVersion = 'extensions/v1beta1';
        ing.spec = { rules: [{ host: `${app}.dop.io`, http: { paths: [{ path: '/', backend: { serviceName: app, servicePort: 'web' } }] } }] };
      });
    }
    expect(policy(docs, { k8s: '1.21' }).problems).toEqual([]);
    expect(errors(policy(docs, { k8s: '1.22' })).map((p) => p.rule)).toEqual(['api.removed', 'api.removed']);
  });
});

describe('Bernstein policy', () => {
  it('requires the exact 128M memory limit', () => {
    const docs = withEdit(good, 'poll.deployment.yaml', (d) => (d.spec.template.spec.containers[0].resources.limits.memory = '128Mi'));
    expect(found(policy(docs))).toEqual([['error', 'bernstein.memory', 'poll.deployment.yaml', 'Deployment/default/poll-deployment', 'spec.template.spec.containers[0].resources.limits.memory']]);
    expect(withRule(policy(docs), 'bernstein.memory')[0].message).toContain('got 128Mi (134.22 MB; 128M is 128 MB)');
  });

  it('requires the replica counts', () => {
    const docs = withEdit(good, 'result.deployment.yaml', (d) => delete d.spec.replicas);
    expect(found(policy(docs))).toEqual([['error', 'bernstein.replicas', 'result.deployment.yaml', 'Deployment/default/result-deployment', 'spec.replicas']]);
  });

  it('requires the images, accepting patch tags and, with allowModern, the modern profile', () => {
    const patch = withEdit(good, 'postgres.deployment.yaml', (d) => (d.spec.template.spec.containers[0].image = 'docker.io/library/postgres:12.17'));
    expect(found(policy(patch))).toEqual([['info', 'bernstein.image', 'postgres.deployment.yaml', 'Deployment/default/postgres-deployment', 'spec.template.spec.containers[0].image']]);
    const wrong = withEdit(good, 'redis.deployment.yaml', (d) => (d.spec.template.spec.containers[0].image = 'redis:7'));
    expect(found(policy(wrong))).toEqual([['error', 'bernstein.image', 'redis.deployment.yaml', 'Deployment/default/redis-deployment', 'spec.template.spec.containers[0].image']]);
    const modern = withEdit(good, 'cadvisor.daemonset.yaml', (d) => (d.spec.template.spec.containers[0].image = 'ghcr.io/google/cadvisor:0.54.0'));
    expect(found(policy(modern)).map((r) => r.slice(0, 2))).toEqual([['error', 'bernstein.image']]);
    expect(found(policy(modern, { allowModern: true })).map((r) => r.slice(0, 2))).toEqual([['info', 'bernstein.image']]);
  });

  it('requires the namespaces', () => {
    const docs = withEdit(good, 'traefik.deployment.yaml', (d) => (d.metadata.namespace = 'default'));
    const report = policy(docs);
    expect(found(report)).toContainEqual(['error', 'bernstein.namespace', 'traefik.deployment.yaml', 'Deployment/default/traefik', 'metadata.namespace']);
    // The generic rules see the broken wiring too (the ServiceAccount and the Service are in
    // kube-public); the Service selecting no traefik pod is said once, by the policy.
    expect(errors(report).map((p) => p.rule)).toEqual(expect.arrayContaining(['ref.service-account', 'bernstein.service']));
    expect(withRule(report, 'ref.service-selector')).toEqual([]);
  });

  it('requires restartPolicy Always (and warns when left to the default)', () => {
    const unset = withEdit(good, 'worker.deployment.yaml', (d) => delete d.spec.template.spec.restartPolicy);
    expect(found(policy(unset))).toEqual([['warning', 'bernstein.restart-policy', 'worker.deployment.yaml', 'Deployment/default/worker', 'spec.template.spec.restartPolicy']]);
  });

  it('requires the container ports and the Service ports', () => {
    const docs = withEdit(good, 'redis.service.yaml', (s) => (s.spec.ports[0].port = 6380));
    expect(found(policy(docs))).toEqual([['error', 'bernstein.ports', 'redis.service.yaml', 'Service/default/redis', 'spec.ports']]);
    const nodePort = withEdit(good, 'traefik.service.yaml', (s) => (s.spec.ports[1].nodePort = 30080));
    expect(found(policy(nodePort))).toEqual([['error', 'bernstein.ports', 'traefik.service.yaml', 'Service/kube-public/traefik', 'spec.ports[1].nodePort']]);
    const clusterIp = withEdit(good, 'traefik.service.yaml', (s) => {
      s.spec.type = 'ClusterIP';
      for (const p of s.spec.ports) delete p.nodePort;
    });
    expect(found(policy(clusterIp)).map((r) => r[4])).toEqual(['spec.type', 'spec.type']);
  });

  it('requires the environment variables, credentials from a Secret and the rest from ConfigMaps', () => {
    const missing = withEdit(good, 'poll.deployment.yaml', (d) => (d.spec.template.spec.containers[0].env = []));
    expect(found(policy(missing))).toEqual([['error', 'bernstein.env', 'poll.deployment.yaml', 'Deployment/default/poll-deployment', 'spec.template.spec.containers[0].env']]);
    const literal = withEdit(good, 'result.deployment.yaml', (d) => (d.spec.template.spec.containers[0].env[1] = { name: 'POSTGRES_PASSWORD', value: 'hunter2' }));
    expect(found(policy(literal))).toEqual([['error', 'bernstein.env-source', 'result.deployment.yaml', 'Deployment/default/result-deployment', 'spec.template.spec.containers[0].env[1]']]);
    // REDIS_HOST now reaches the worker through the Secret's envFrom instead of redis-config.
    const inSecret = withEdit(
      withEdit(good, 'postgres.secret.yaml', (s) => (s.stringData = { REDIS_HOST: 'redis' })),
      'worker.deployment.yaml',
      (d) => d.spec.template.spec.containers[0].envFrom.splice(0, 1),
    );
    const report = policy(inSecret);
    // postgres imports the whole Secret too, so it also gets REDIS_HOST from it.
    expect(withRule(report, 'bernstein.env-source').map((p) => [p.object, p.field, p.message])).toEqual([
      ['Deployment/default/postgres-deployment', 'spec.template.spec.containers[0].envFrom[1].secretRef', expect.stringMatching(/^REDIS_HOST is a common variable and must come from a ConfigMap/)],
      ['Deployment/default/worker', 'spec.template.spec.containers[0].envFrom[1].secretRef', expect.stringMatching(/^REDIS_HOST is a common variable and must come from a ConfigMap/)],
    ]);
  });

  it('requires anti-affinity on the hostname for replicated services (preferred only warns)', () => {
    const none = withEdit(good, 'poll.deployment.yaml', (d) => delete d.spec.template.spec.affinity);
    expect(found(policy(none))).toEqual([['error', 'bernstein.anti-affinity', 'poll.deployment.yaml', 'Deployment/default/poll-deployment', 'spec.template.spec.affinity']]);
    const preferred = withEdit(good, 'traefik.deployment.yaml', (d) => {
      const anti = d.spec.template.spec.affinity.podAntiAffinity;
      anti.preferredDuringSchedulingIgnoredDuringExecution = [{ weight: 100, podAffinityTerm: anti.requiredDuringSchedulingIgnoredDuringExecution[0] }];
      delete anti.requiredDuringSchedulingIgnoredDuringExecution;
    });
    expect(found(policy(preferred)).map((r) => r.slice(0, 2))).toEqual([['warning', 'bernstein.anti-affinity']]);
    const wrongLabel = withEdit(good, 'result.deployment.yaml', (d) => (d.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].values = ['results']));
    const report = policy(wrongLabel);
    expect(found(report).map((r) => r.slice(0, 2))).toEqual([['error', 'bernstein.anti-affinity']]);
    // One defect, one finding: the generic "selects no pods" warning is not repeated.
    expect(withRule(report, 'ref.affinity')).toEqual([]);
    expect(withRule(checkDocuments(wrongLabel), 'ref.affinity').map((p) => p.severity)).toEqual(['warning']);
  });

  it('requires cadvisor to be a DaemonSet, and warns without tolerations or host mounts', () => {
    const docs = withEdit(good, 'cadvisor.daemonset.yaml', (d) => {
      delete d.spec.template.spec.tolerations;
      d.spec.template.spec.volumes = d.spec.template.spec.volumes.filter((v: { name: string }) => v.name !== 'sys');
      d.spec.template.spec.containers[0].volumeMounts = d.spec.template.spec.containers[0].volumeMounts.filter((v: { name: string }) => v.name !== 'sys');
    });
    expect(found(policy(docs)).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['warning', 'bernstein.cadvisor', 'spec.template.spec.tolerations'],
      ['warning', 'bernstein.cadvisor', 'spec.template.spec.volumes'],
    ]);
    const deployment = withEdit(good, 'cadvisor.daemonset.yaml', (d) => (d.kind = 'Deployment'));
    expect(found(policy(deployment)).map((r) => r.slice(0, 2))).toEqual(expect.arrayContaining([['error', 'bernstein.kind'], ['error', 'bernstein.file-kinds']]));
  });

  it('requires the postgres data directory on a claim, and warns about rolling updates', () => {
    const docs = withEdit(good, 'postgres.deployment.yaml', (d) => {
      d.spec.strategy = { type: 'RollingUpdate' };
      d.spec.template.spec.volumes[0] = { name: 'data', emptyDir: {} };
    });
    expect(found(policy(docs)).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['error', 'bernstein.volume', 'spec.template.spec.containers[0].volumeMounts'],
      ['warning', 'bernstein.volume', 'spec.strategy.type'],
    ]);
  });

  it('requires the Traefik host rules to reach the right Services, and keeps databases out of Traefik', () => {
    const wrongHost = withEdit(good, 'poll.ingress.yaml', (i) => (i.spec.rules[0].host = 'pol.dop.io'));
    expect(found(policy(wrongHost))).toEqual([['error', 'bernstein.ingress', 'poll.ingress.yaml', '-', '-']]);
    const wrongService = withEdit(good, 'result.ingress.yaml', (i) => (i.spec.rules[0].http.paths[0].backend.service = { name: 'poll', port: { number: 80 } }));
    expect(found(policy(wrongService))).toEqual([['error', 'bernstein.ingress', 'result.ingress.yaml', 'Ingress/default/result', 'spec.rules[0].http.paths[0].backend.service.name']]);
    const redis = withEdit(good, 'result.ingress.yaml', (i) => i.spec.rules.push({ host: 'redis.dop.io', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'redis', port: { number: 6379 } } } }] } }));
    expect(withRule(policy(redis), 'bernstein.ingress').map((p) => p.message)).toEqual(['redis is not enabled in Traefik per the spec: remove this route']);
  });

  it('requires Traefik to have API access through RBAC', () => {
    const noAccount = withEdit(good, 'traefik.deployment.yaml', (d) => delete d.spec.template.spec.serviceAccountName);
    expect(found(policy(noAccount))).toEqual([['error', 'bernstein.traefik-rbac', 'traefik.deployment.yaml', 'Deployment/kube-public/traefik', 'spec.template.spec.serviceAccountName']]);
    const noIngresses = withEdit(good, 'traefik.rbac.yaml', (r) => r.rules.splice(1, 1), 'ClusterRole');
    expect(withRule(policy(noIngresses), 'bernstein.traefik-rbac').map((p) => p.message)).toEqual([expect.stringContaining('do not allow list/watch extensions/ingresses')]);
  });

  it('requires the 19 files, each with the kinds its name says', () => {
    const withoutIngress = good.filter((d) => d.file !== 'result.ingress.yaml');
    const report = policy(withoutIngress, {}, FILES.filter((f) => f !== 'result.ingress.yaml'));
    expect(found(report)).toEqual([
      ['error', 'bernstein.files', 'result.ingress.yaml', '-', '-'],
      ['error', 'bernstein.ingress', 'result.ingress.yaml', '-', '-'],
    ]);
    const misplaced = good.map((d) => (d.file === 'poll.service.yaml' ? { ...d, file: 'poll.deployment.yaml', index: 1 } : d));
    const report2 = policy(misplaced, {}, [...FILES.filter((f) => f !== 'poll.service.yaml'), 'services.yaml']);
    expect(found(report2).map((r) => r.slice(0, 4))).toEqual([
      ['error', 'bernstein.file-kinds', 'poll.deployment.yaml', 'Service/default/poll'],
      ['warning', 'bernstein.files', 'services.yaml', '-'],
      ['error', 'bernstein.files', 'poll.service.yaml', '-'],
    ]);
  });

  it('recognises components by labels, names and images whatever the file names', () => {
    const renamed = good.map((d, i) => ({ ...d, file: 'all.yaml', index: i }));
    const report = policy(renamed, {}, ['all.yaml']);
    const rules = new Set(report.problems.map((p) => p.rule));
    expect(rules).toEqual(new Set(['bernstein.files', 'ingress.traefik-v1']));
    expect(warnings(report).map((p) => p.file)).toEqual(['all.yaml', 'all.yaml']);
  });
});
