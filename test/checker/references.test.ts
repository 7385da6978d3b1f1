import { check, checkDocuments, ManifestDocument } from '../../src/checker';
import { describeProblems, errors, fixture, warnings, withRule } from './helpers';

/** The problems of a rule as [severity, file, object, field] rows. */
function rows(dir: string, rule: string): string[][] {
  return withRule(check(fixture(dir)), rule).map((p) => [p.severity, p.file, p.object, p.field]);
}

describe('Services', () => {
  it('reports a selector that matches no pod template', () => {
    expect(rows('service-selector-mismatch', 'ref.service-selector')).toEqual([['error', 'poll.service.yaml', 'Service/default/poll', 'spec.selector']]);
    expect(describeProblems(check(fixture('service-selector-mismatch')))).toContain('pod labels there: Deployment/default/poll app=poll');
  });

  it('reports numeric and named targetPorts missing from the selected containers', () => {
    expect(rows('service-target-port', 'ref.service-target-port')).toEqual([
      ['error', 'poll.service.yaml', 'Service/default/poll', 'spec.ports[0].targetPort'],
      ['error', 'poll.service.yaml', 'Service/default/poll', 'spec.ports[1].targetPort'],
    ]);
  });

  it('only selects pods of its own namespace, and says so', () => {
    const docs: ManifestDocument[] = [
      { file: 'd.yaml', content: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'kube-public', labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
      { file: 's.yaml', content: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } } },
    ];
    expect(errors(checkDocuments(docs))).toEqual([expect.objectContaining({ rule: 'ref.service-selector', message: expect.stringContaining('in namespace kube-public matches') })]);
  });
});

describe('Ingresses', () => {
  it('reports a backend Service that does not exist, and a port the Service lacks', () => {
    expect(rows('ingress-missing-service', 'ref.ingress-backend')).toEqual([
      ['error', 'poll.ingress.yaml', 'Ingress/default/poll', 'spec.rules[0].http.paths[0].backend.service.name'],
      ['error', 'poll.ingress.yaml', 'Ingress/default/poll', 'spec.rules[1].http.paths[0].backend.service.port.number'],
    ]);
  });

  it('follows the v1beta1 shape too (serviceName/servicePort), on 1.21', () => {
    const report = check(fixture('ingress-extensions-v1beta1'), { k8s: '1.21' });
    expect(report.problems).toEqual([]);
    const broken = checkDocuments(
      [
        { file: 'i.yaml', content: { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i', namespace: 'kube-public' }, spec: { backend: { serviceName: 'poll', servicePort: 'http' } } } },
        { file: 's.yaml', content: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'poll' }, spec: { ports: [{ port: 80 }] } } },
      ],
      { k8s: '1.21' },
    );
    expect(errors(broken)).toEqual([
      expect.objectContaining({ rule: 'ref.ingress-backend', field: 'spec.backend.serviceName', message: expect.stringContaining('there is one in namespace default') }),
    ]);
  });
});

describe('ConfigMap and Secret references', () => {
  it('reports missing keys (env and volume items) and missing ConfigMaps; optional refs may be missing', () => {
    expect(rows('configmap-missing-key', 'ref.configmap')).toEqual([
      ['error', 'worker.deployment.yaml', 'Deployment/default/worker', 'spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef.key'],
      ['error', 'worker.deployment.yaml', 'Deployment/default/worker', 'spec.template.spec.containers[0].env[2].valueFrom.configMapKeyRef.name'],
      ['error', 'worker.deployment.yaml', 'Deployment/default/worker', 'spec.template.spec.volumes[0].configMap.items[0].key'],
    ]);
  });

  it('follows secretKeyRef, envFrom and projected volumes', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'missing' } } }],
            envFrom: [{ secretRef: { name: 'nope' } }, { configMapRef: { name: 'gone', optional: true } }],
          },
        ],
        volumes: [{ name: 'v', projected: { sources: [{ secret: { name: 's', items: [{ key: 'b', path: 'b' }] } }, { configMap: { name: 'cm' } }] } }],
      },
    };
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { a: 'x' } };
    const report = checkDocuments([{ file: 'p.yaml', content: pod }, { file: 's.yaml', content: secret }]);
    expect(errors(report).map((p) => [p.rule, p.field])).toEqual([
      ['ref.secret', 'spec.containers[0].env[0].valueFrom.secretKeyRef.key'],
      ['ref.secret', 'spec.containers[0].envFrom[0].secretRef.name'],
      ['ref.secret', 'spec.volumes[0].projected.sources[0].secret.items[0].key'],
      ['ref.configmap', 'spec.volumes[0].projected.sources[1].configMap.name'],
    ]);
  });
});

describe('Secret payloads', () => {
  it('rejects invalid base64 and warns about a trailing newline', () => {
    const report = check(fixture('secret-trailing-newline'));
    expect(report.problems.map((p) => [p.severity, p.rule, p.file, p.object, p.field])).toEqual([
      ['error', 'payload.base64', 'postgres.secret.yaml', 'Secret/default/postgres-secret', 'data.POSTGRES_PASSWORD'],
      ['warning', 'secret.trailing-newline', 'postgres.secret.yaml', 'Secret/default/postgres-secret', 'data.POSTGRES_USER'],
    ]);
  });
});

describe('volumes', () => {
  it('reports a claim name that matches no PersistentVolumeClaim', () => {
    expect(rows('pvc-name-mismatch', 'ref.pvc')).toEqual([['error', 'postgres.deployment.yaml', 'Deployment/default/postgres', 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName']]);
    expect(describeProblems(check(fixture('pvc-name-mismatch')))).toContain('PersistentVolumeClaims there: postgres-pvc');
  });

  it('reports a claim that cannot bind the volume it names, and a class-less claim a default class would capture', () => {
    const report = check(fixture('pv-binding-mismatch'));
    expect(withRule(report, 'ref.pv-binding').map((p) => [p.severity, p.file, p.object, p.field])).toEqual([
      ['error', 'postgres.volume.yaml', 'PersistentVolumeClaim/default/postgres-pvc', 'spec.volumeName'],
      ['warning', 'postgres.volume.yaml', 'PersistentVolumeClaim/default/spare-pvc', 'spec.storageClassName'],
    ]);
    expect(errors(report)[0].message).toBe('cannot bind PersistentVolume "postgres-pv": storageClassName "standard" ≠ "manual"; capacity 1Gi < request 5Gi');
  });

  it('reports volume mounts naming no volume', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] } };
    expect(errors(checkDocuments([{ file: 'p.yaml', content: pod }]))).toEqual([expect.objectContaining({ rule: 'ref.volume-mount', field: 'spec.containers[0].volumeMounts[0].name' })]);
  });
});

describe('RBAC and service accounts', () => {
  it('reports a binding subject in the wrong namespace and a missing Role', () => {
    const report = check(fixture('rolebinding-subject-namespace'));
    expect(errors(report).map((p) => [p.rule, p.file, p.object, p.field])).toEqual([
      ['ref.rbac-subject', 'traefik.rbac.yaml', 'ClusterRoleBinding/traefik-ingress-controller', 'subjects[0].namespace'],
      ['ref.rbac-role', 'traefik.rbac.yaml', 'RoleBinding/kube-public/traefik-reader', 'roleRef.name'],
    ]);
    expect(errors(report)[0].message).toContain('is in namespace kube-public, not default');
  });

  it('reports a pod ServiceAccount missing from the pod namespace', () => {
    expect(rows('service-account-missing', 'ref.service-account')).toEqual([['error', 'traefik.deployment.yaml', 'Deployment/kube-public/traefik', 'spec.template.spec.serviceAccountName']]);
  });

  it('accepts built-in ClusterRoles and the default ServiceAccount', () => {
    const crb = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'b' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }, { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }],
    };
    expect(checkDocuments([{ file: 'b.yaml', content: crb }]).problems).toEqual([]);
  });
});

describe('workloads', () => {
  it('reports a controller selector that does not match its template', () => {
    expect(rows('workload-selector-mismatch', 'ref.workload-selector')).toEqual([['error', 'poll.deployment.yaml', 'Deployment/default/poll', 'spec.selector']]);
  });

  it('warns when an anti-affinity term selects nothing', () => {
    const report = check(fixture('anti-affinity-selects-nothing'));
    expect(errors(report)).toEqual([]);
    expect(warnings(report).map((p) => [p.rule, p.file, p.object, p.field])).toEqual([
      ['ref.affinity', 'result.deployment.yaml', 'Deployment/default/result', 'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector'],
    ]);
  });

  it('reports probes naming a port the container does not declare', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 'web' } } }] },
    };
    expect(errors(checkDocuments([{ file: 'p.yaml', content: pod }]))).toEqual([expect.objectContaining({ rule: 'ref.probe-port', field: 'spec.containers[0].readinessProbe.httpGet.port' })]);
  });

  it('reports a Deployment whose pods may not restart Always', () => {
    const docs = [{ file: 'd.yaml', content: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'x' }] } } } } }];
    expect(errors(checkDocuments(docs))).toEqual([expect.objectContaining({ rule: 'pod.restart-policy', field: 'spec.template.spec.restartPolicy' })]);
  });
});

describe('scopes and namespaces', () => {
  it('warns about namespace on cluster-scoped objects (the API server drops it, kubectl apply succeeds) and about undeclared namespaces', () => {
    const report = check(fixture('cluster-scoped-namespace'));
    expect(report.problems.map((p) => [p.severity, p.rule, p.file, p.object, p.field])).toEqual([
      ['warning', 'scope.cluster-namespace', 'traefik.rbac.yaml', 'ClusterRole/traefik', 'metadata.namespace'],
      ['warning', 'scope.cluster-namespace', 'traefik.rbac.yaml', 'PersistentVolume/data', 'metadata.namespace'],
      ['warning', 'scope.undeclared-namespace', 'traefik.rbac.yaml', 'ConfigMap/bernstein/settings', 'metadata.namespace'],
    ]);
  });

  it('reports the same object defined twice', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} };
    const report = checkDocuments([{ file: 'a.yaml', content: cm }, { file: 'b.yaml', content: { ...cm, metadata: { name: 'c', namespace: 'default' } } }]);
    // Identical once the default namespace is written out: harmless, a warning.
    expect(errors(report)).toEqual([]);
    expect(report.problems).toEqual([expect.objectContaining({ severity: 'warning', rule: 'object.duplicate', file: 'b.yaml', message: expect.stringContaining('defined identically in a.yaml') })]);
    const differs = checkDocuments([{ file: 'a.yaml', content: cm }, { file: 'b.yaml', content: { ...cm, data: { k: 'v' } } }]);
    expect(errors(differs)).toEqual([expect.objectContaining({ rule: 'object.duplicate', file: 'b.yaml', message: expect.stringContaining('also defined, differently, in a.yaml') })]);
  });
});
