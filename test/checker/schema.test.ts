import { check, checkDocuments, CheckUsageError } from '../../src/checker';
import { resolveVersion } from '../../src/checker/versions';
import { isValidQuantity, quantityValue } from '../../src/checker/quantity';
import { describeProblems, errors, fixture, FIXTURES, withRule } from './helpers';

describe('versions', () => {
  it.each([
    ['1.21', 'v1.24.0'],
    ['1.24', 'v1.24.0'],
    ['1.25', 'v1.27.0'],
    ['v1.27', 'v1.27.0'],
    ['1.28.3', 'v1.33.0'],
    ['1.33', 'v1.33.0'],
    ['1.34', 'v1.34.0'],
    ['1.35.2', 'v1.35.0'],
    ['v1.36', 'v1.36.0'],
  ])('maps Kubernetes %s to schema %s', (version, schema) => {
    expect(resolveVersion(version).schema).toBe(schema);
  });

  it('rejects unsupported versions, listing the allowed ones', () => {
    expect(() => resolveVersion('1.20')).toThrow(CheckUsageError);
    expect(() => resolveVersion('latest')).toThrow(/allowed: 1\.21, 1\.22, .*1\.33, 1\.34, 1\.35, 1\.36$/);
    expect(() => resolveVersion('1.37')).toThrow(CheckUsageError);
  });

  it('defaults to 1.27 and names the schema in the summary', () => {
    const report = check(fixture('quantity-128MB'));
    expect(report.version).toBe('1.27');
    expect(report.schema).toBe('v1.27.0');
    expect(report.summary.text).toBe('1 error, 0 warnings in 1 file (schema v1.27.0, Kubernetes 1.27)');
  });
});

describe('quantities', () => {
  it.each(['128M', '128Mi', '0.5', '500m', '1Gi', '1e3', '.5', '+1k', '2u'])('accepts %s', (q) => {
    expect(isValidQuantity(q)).toBe(true);
  });
  it.each(['128MB', '1 Gi', '1K', 'Mi', '', '12.5.3', '1gi'])('rejects %j', (q) => {
    expect(isValidQuantity(q)).toBe(false);
  });
  it('computes bytes for capacity comparisons', () => {
    expect(quantityValue('128M')).toBe(128e6);
    expect(quantityValue('1Gi')).toBe(2 ** 30);
    expect(quantityValue('500m')).toBe(0.5);
    expect(quantityValue(3)).toBe(3);
  });
});

describe('schema rule family', () => {
  it('reports an invalid quantity with the field path (128MB)', () => {
    const report = check(fixture('quantity-128MB'));
    expect(errors(report)).toEqual([
      expect.objectContaining({
        file: 'poll.deployment.yaml',
        object: 'Deployment/default/poll',
        field: 'spec.template.spec.containers[0].resources.limits.memory',
        rule: 'schema.quantity',
        message: expect.stringContaining('write 128M or 128Mi'),
      }),
    ]);
  });

  it('reports unknown fields, with typo and misplacement hints', () => {
    const report = check(fixture('unknown-field'));
    const found = withRule(report, 'schema.unknown-field').map((p) => [p.file, p.object, p.field, p.message]);
    expect(found).toEqual([
      ['poll.deployment.yaml', 'Deployment/default/poll', 'spec.replica', 'unknown field "replica" (did you mean "replicas"?)'],
      ['poll.deployment.yaml', 'Deployment/default/poll', 'spec.template.spec.contianers', 'unknown field "contianers" (did you mean "containers"?)'],
      ['poll.deployment.yaml', 'Deployment/default/poll', 'spec.template.spec.containers[0].restartPolicy', expect.stringMatching(/unknown field "restartPolicy": it belongs in the pod spec/)],
    ]);
  });

  it('on 1.28+ (container restartPolicy exists for sidecars) still rejects it on regular containers', () => {
    const report = check(fixture('unknown-field'), { k8s: '1.33' });
    expect(report.problems).toContainEqual(
      expect.objectContaining({ rule: 'pod.restart-policy', field: 'spec.template.spec.containers[0].restartPolicy', severity: 'error' }),
    );
    expect(withRule(report, 'schema.unknown-field').map((p) => p.field)).not.toContain('spec.template.spec.containers[0].restartPolicy');
  });

  it('reports wrong types the way YAML 1.1 reads them (unquoted numbers and booleans)', () => {
    const report = check(fixture('type-errors'));
    expect(withRule(report, 'schema.type').every((p) => p.file === 'postgres.deployment.yaml' && p.object === 'Deployment/default/postgres')).toBe(true);
    expect(withRule(report, 'schema.type').map((p) => [p.field, p.message])).toEqual([
      ['spec.replicas', 'must be integer, got string "1" (remove the quotes)'],
      ['spec.template.spec.containers[0].env[0].value', 'must be string, got number 5432 (quote it: "5432")'],
      ['spec.template.spec.containers[0].env[1].value', expect.stringContaining('got boolean false (YAML reads yes/no/on/off')],
    ]);
  });

  it('reports missing required fields and names', () => {
    const report = checkDocuments([
      { file: 'a.yaml', content: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'Poll_App' }, spec: { template: {} } } },
      { file: 'a.yaml', index: 1, content: { apiVersion: 'v1', kind: 'Service', metadata: { name: '1poll' } } },
      { file: 'a.yaml', index: 2, content: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } },
      { file: 'a.yaml', index: 3, content: { kind: 'ConfigMap', metadata: { name: 'x' } } },
    ]);
    const found = errors(report).map((p) => [p.object, p.field, p.rule]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['Deployment/default/Poll_App', 'spec.selector', 'schema.required'],
        ['Deployment/default/Poll_App', 'metadata.name', 'metadata.name'],
        ['Service/default/1poll', 'metadata.name', 'metadata.name'],
        ['ConfigMap/default/<unnamed document 3>', 'metadata.name', 'schema.required'],
        ['document 4', 'apiVersion', 'schema.required'],
      ]),
    );
  });

  it('treats `field: null` as unset, like the API server (kubectl dry-run output)', () => {
    const report = checkDocuments([
      { file: 'cm.yaml', content: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', creationTimestamp: null }, data: { a: 'b' } } },
    ]);
    expect(report.problems).toEqual([]);
  });
});

describe('served APIs', () => {
  it('rejects extensions/v1beta1 Ingress on 1.27 and names the replacement', () => {
    const report = check(fixture('ingress-extensions-v1beta1'));
    expect(errors(report)).toEqual([
      expect.objectContaining({
        file: 'poll.ingress.yaml',
        object: 'Ingress/default/poll',
        field: 'apiVersion',
        rule: 'api.removed',
        message: 'extensions/v1beta1 Ingress is not served by Kubernetes 1.27 (removed in 1.22); use networking.k8s.io/v1',
      }),
    ]);
  });

  it('accepts and validates extensions/v1beta1 Ingress on 1.21 with the built-in legacy definition', () => {
    expect(check(fixture('ingress-extensions-v1beta1'), { k8s: '1.21' }).problems).toEqual([]);
    const report = checkDocuments(
      [
        {
          file: 'i.yaml',
          content: {
            apiVersion: 'extensions/v1beta1',
            kind: 'Ingress',
            metadata: { name: 'i' },
            spec: { rules: [{ host: 'poll.dop.io', http: { paths: [{ backend: { serviceName: 'poll', servicePort: 80, serviceport: 1 } }] } }] },
          },
        },
      ],
      { k8s: '1.21' },
    );
    expect(withRule(report, 'schema.unknown-field')).toEqual([
      expect.objectContaining({ field: 'spec.rules[0].http.paths[0].backend.serviceport', message: expect.stringContaining('did you mean "servicePort"') }),
    ]);
  });

  it('rejects rbac.authorization.k8s.io/v1beta1 from 1.22 on, accepts it on 1.21', () => {
    const report = check(fixture('rbac-v1beta1'), { k8s: '1.22' });
    expect(errors(report).map((p) => [p.file, p.object, p.field, p.rule])).toEqual([
      ['traefik.rbac.yaml', 'ClusterRole/traefik', 'apiVersion', 'api.removed'],
      ['traefik.rbac.yaml', 'ClusterRoleBinding/traefik', 'apiVersion', 'api.removed'],
    ]);
    expect(check(fixture('rbac-v1beta1'), { k8s: '1.21' }).problems).toEqual([]);
  });

  it('follows the removal table per exact version (PDB/CronJob 1.25, HPA v2beta2 1.26)', () => {
    const removed = (k8s: string): string[] => errors(check(fixture('removed-apis'), { k8s })).filter((p) => p.rule === 'api.removed').map((p) => p.object);
    expect(removed('1.24')).toEqual([]);
    expect(removed('1.25')).toEqual(['PodDisruptionBudget/default/poll', 'CronJob/default/vacuum']);
    expect(removed('1.26')).toEqual(['PodDisruptionBudget/default/poll', 'CronJob/default/vacuum', 'HorizontalPodAutoscaler/default/poll']);
  });

  it('rejects APIs newer than the version even when the shipped schema has them', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'poll' }, maxReplicas: 3 } };
    expect(errors(checkDocuments([{ file: 'h.yaml', content: hpa }], { k8s: '1.22' }))).toEqual([
      expect.objectContaining({ rule: 'api.not-served', message: expect.stringContaining('first served in 1.23') }),
    ]);
    expect(errors(checkDocuments([{ file: 'h.yaml', content: hpa }], { k8s: '1.23' }))).toEqual([]);
  });

  it('knows 1.34–1.36: resource.k8s.io/v1 from 1.34, ValidatingAdmissionPolicy v1beta1 gone in 1.34, each validated with its own schema', () => {
    const deviceClass = { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'gpu' }, spec: { selectors: [{ cel: { expression: 'true' } }] } };
    const vap = { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' }, spec: { validations: [{ expression: 'true' }] } };
    const rules = (content: object, k8s: string) => errors(checkDocuments([{ file: 'x.yaml', content }], { k8s })).map((p) => p.rule);
    expect(rules(deviceClass, '1.33')).toEqual(['api.not-served']);
    expect(rules(deviceClass, '1.34')).toEqual([]);
    expect(rules({ ...deviceClass, spec: { selector: [] } }, '1.36')).toEqual(['schema.unknown-field']);
    expect(rules(vap, '1.33')).toEqual([]);
    expect(rules(vap, '1.34')).toEqual(['api.removed']);
    expect(checkDocuments([{ file: 'x.yaml', content: vap }], { k8s: '1.36' }).summary.text).toContain('schema v1.36.0, Kubernetes 1.36');
  });

  it('names the right group for a kind under the wrong apiVersion', () => {
    const report = checkDocuments([{ file: 'd.yaml', content: { apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'd' } } }]);
    expect(errors(report)).toEqual([expect.objectContaining({ rule: 'api.unknown', field: 'kind', message: expect.stringContaining('Deployment is served as apps/v1') })]);
  });

  it('warns about custom resources without a CRD and validates those with one (see custom-resources.test.ts)', () => {
    const route = { apiVersion: 'traefik.containo.us/v1alpha1', kind: 'IngressRoute', metadata: { name: 'r' }, spec: {} };
    expect(checkDocuments([{ file: 'r.yaml', content: route }]).problems).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'api.custom-resource' }),
    ]);
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'ingressroutes.traefik.containo.us' },
      spec: {
        group: 'traefik.containo.us',
        scope: 'Namespaced',
        names: { kind: 'IngressRoute', plural: 'ingressroutes' },
        versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    const report = checkDocuments([{ file: 'crd.yaml', content: crd }, { file: 'r.yaml', content: route }]);
    expect(report.problems).toEqual([]); // x-kubernetes-preserve-unknown-fields: anything goes
  });
});

describe('YAML loading', () => {
  it('reports unparseable YAML naming the file and still checks the other files', () => {
    const report = check(fixture('unparseable-yaml'));
    expect(report.files).toEqual(['broken.yaml', 'fine.yml']);
    expect(report.problems).toEqual([
      expect.objectContaining({ severity: 'error', file: 'broken.yaml', rule: 'yaml.parse', message: expect.stringMatching(/^unparseable YAML \(document 1\): line 7/) }),
    ]);
  });

  it('reports a folder without manifests', () => {
    const report = check(FIXTURES); // holds only folders
    expect(report.problems).toEqual([expect.objectContaining({ rule: 'yaml.no-files', severity: 'error' })]);
    expect(describeProblems(report)).toContain('no *.yaml, *.yml or *.json file');
  });

  it('throws a usage error for a missing folder', () => {
    expect(() => check(fixture('does-not-exist'))).toThrow(CheckUsageError);
  });
});
