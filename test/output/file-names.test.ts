// File names and apply ranks of every kind, literally (the spec's deployment process: secret,
// configmap, volume, deployment, service; rbac before the controller; policies before the pods).
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Component } from '../../src/constructs/component';
import { applyRank, manifestFileName } from '../../src/output/file-names';
import { layoutChart } from '../../src/output/layout';
import { ValidationError } from '../../src/validation/prop-checker';
import { testChart } from '../helpers/chart';

test.each([
  ['Namespace', '00-shop.namespace.yaml'],
  ['ServiceAccount', 'shop.rbac.yaml'],
  ['Role', 'shop.rbac.yaml'],
  ['RoleBinding', 'shop.rbac.yaml'],
  ['ClusterRole', 'shop.rbac.yaml'],
  ['ClusterRoleBinding', 'shop.rbac.yaml'],
  ['NetworkPolicy', 'shop.networkpolicy.yaml'],
  ['Secret', 'shop.secret.yaml'],
  ['ConfigMap', 'shop.configmap.yaml'],
  ['PersistentVolume', 'shop.volume.yaml'],
  ['PersistentVolumeClaim', 'shop.volume.yaml'],
  ['Deployment', 'shop.deployment.yaml'],
  ['StatefulSet', 'shop.statefulset.yaml'],
  ['DaemonSet', 'shop.daemonset.yaml'],
  ['Job', 'shop.job.yaml'],
  ['CronJob', 'shop.cronjob.yaml'],
  ['Service', 'shop.service.yaml'],
  ['Ingress', 'shop.ingress.yaml'],
  ['IngressClass', 'shop.ingress.yaml'],
  ['GatewayClass', 'shop.gateway.yaml'],
  ['Gateway', 'shop.gateway.yaml'],
  ['HTTPRoute', 'shop.httproute.yaml'],
  ['PodDisruptionBudget', 'shop.pdb.yaml'],
  ['HorizontalPodAutoscaler', 'shop.hpa.yaml'],
  ['ResourceQuota', 'shop.resourcequota.yaml'],
])('a %s of component shop goes to %s', (kind, file) => {
  expect(manifestFileName('shop', kind)).toBe(file);
});

test('apply ranks follow the deployment process; unknown kinds come last, after every known one', () => {
  const order = ['00-shop.namespace.yaml', 'shop.rbac.yaml', 'shop.networkpolicy.yaml', 'shop.secret.yaml', 'shop.configmap.yaml', 'shop.volume.yaml',
    'shop.deployment.yaml', 'shop.statefulset.yaml', 'shop.daemonset.yaml', 'shop.job.yaml', 'shop.cronjob.yaml', 'shop.service.yaml', 'shop.ingress.yaml', 'shop.gateway.yaml', 'shop.httproute.yaml', 'shop.pdb.yaml', 'shop.hpa.yaml'];
  expect(order.map(applyRank)).toEqual(order.map((_, i) => i));
  expect(applyRank('shop.resourcequota.yaml')).toBe(order.length);
  expect(applyRank('no-suffix')).toBe(order.length);
});

class Part extends Component {
  constructor(scope: Construct, name: string) {
    super(scope, name, name, 'default');
  }
}

describe('layoutChart refusals', () => {
  test('one object outside every component: named, with its path, in the singular', () => {
    const chart = testChart();
    new ApiObject(chart, 'Loose', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loose' } });
    expect(() => layoutChart(chart)).toThrow(
      'ConfigMap "loose" (construct path test/Loose) is not inside a component, so no <component>.<kind>.yaml file can hold it; ' +
        "create each object with a component as its scope (e.g. new k8s.KubeCronJob(postgres, 'Backup', {...})), or inside a class of your own that extends Component",
    );
  });

  test('several objects outside every component: all named, in the plural', () => {
    const chart = testChart();
    new ApiObject(chart, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    new ApiObject(chart, 'B', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } });
    expect(() => layoutChart(chart)).toThrow('ConfigMap "a" (construct path test/A), Secret "b" (construct path test/B) are not inside a component, so no <component>.<kind>.yaml file can hold them; ');
  });

  test('two objects of the same kind, API group, namespace and name are refused with both paths; another group or namespace is another object', () => {
    const chart = testChart();
    const shop = new Part(chart, 'shop');
    new ApiObject(shop, 'One', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'a' } });
    new ApiObject(shop, 'Two', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'a' } });
    new ApiObject(shop, 'OtherNamespace', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'b' } });
    new ApiObject(shop, 'OtherGroup', { apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'a' } });
    new ApiObject(shop, 'Core1', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    new ApiObject(shop, 'Core2', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect(() => layoutChart(chart)).toThrow(
      'objects defined twice: Deployment.apps a/web (construct paths test/shop/One, test/shop/Two); ConfigMap (cluster)/c (construct paths test/shop/Core1, test/shop/Core2); give each object its own name (or namespace)',
    );
  });

  test('every failing cdk8s validation under the scope is listed, each after its construct path; the chart is not laid out', () => {
    const chart = testChart();
    const shop = new Part(chart, 'shop');
    new ApiObject(shop, 'Settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    shop.node.addValidation({ validate: () => ['needs a password', 'needs a host'] });
    chart.node.addValidation({ validate: () => ['holds no Namespace'] });
    let error: unknown;
    try {
      layoutChart(chart);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      'Validation failed with the following errors:\n  [test] holds no Namespace\n  [test/shop] needs a password\n  [test/shop] needs a host',
    );
  });

  test('files are sorted by name whatever the construct order; objects keep construct order inside a file', () => {
    const chart = testChart();
    const zeta = new Part(chart, 'zeta');
    const alpha = new Part(chart, 'alpha');
    new ApiObject(zeta, 'Z', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'z' } });
    new ApiObject(alpha, 'Second', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'second' } });
    new ApiObject(alpha, 'First', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'first' } });
    new ApiObject(alpha, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'alpha' } });
    const files = layoutChart(chart);
    expect(files.map((f) => [f.fileName, f.documents.map((d) => (d.metadata as { name: string }).name)])).toEqual([
      ['00-alpha.namespace.yaml', ['alpha']],
      ['alpha.configmap.yaml', ['second', 'first']],
      ['zeta.configmap.yaml', ['z']],
    ]);
  });
});
