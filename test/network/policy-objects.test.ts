// The NetworkPolicy objects themselves, as an operator meets them with kubectl: one per component
// that runs pods, named after it, labelled and selecting like its pods; a `default-deny` in each
// namespace the chart creates and in no other; both policy types on every one.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Component } from '../../src/constructs/component';
import { Namespace } from '../../src/constructs/namespace';
import { addNetworkPolicies } from '../../src/network/policies';
import { synthesize } from '../../src/synth';
import { testChart } from '../helpers/chart';
import { CLUSTER_DNS, DEFAULT_DENY_POLICY, NAMESPACE_NAME_LABEL } from '../../src/network/policies';
import { at, K8sObject, parseRendered } from '../helpers/manifests';

/** A component with pods of its own that holds other constructs. */
class Holder extends Component {
  constructor(scope: Construct, name: string) {
    super(scope, name, name, 'default');
    new ApiObject(this, 'Pods', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name } });
  }
}

const policiesOf = (stack: string): Array<{ file: string; object: K8sObject }> =>
  parseRendered(synthesize({ stack, profile: 'hardened', env: {} }).rendered).filter((o) => o.object.kind === 'NetworkPolicy');

test('the constants are the API server\'s namespace label, CoreDNS\'s place and label, and the deny-all\'s name', () => {
  expect(NAMESPACE_NAME_LABEL).toBe('kubernetes.io/metadata.name');
  expect(CLUSTER_DNS).toEqual({ namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } });
  expect(DEFAULT_DENY_POLICY).toBe('default-deny');
});

test.each([
  ['bernstein', ['default/postgres', 'default/redis', 'default/poll', 'default/worker', 'default/result', 'kube-public/traefik', 'kube-system/cadvisor']],
  ['lifespan', ['lifespan/default-deny', 'lifespan/mysql', 'lifespan/backend', 'lifespan/frontend']],
  ['smack', ['smack/default-deny', 'smack/kafka', 'smack/cassandra', 'smack/spark-master', 'smack/spark-worker', 'smack/ingest']],
  ['promotions', ['default/mongodb', 'default/logger', 'default/promotions']],
])('%s: one policy per component, named after it, in its file; default-deny only in namespaces the stack creates', (stack, expected) => {
  const policies = policiesOf(stack);
  expect(policies.map((p) => `${p.object.metadata.namespace}/${p.object.metadata.name}`).sort()).toEqual([...expected].sort());
  for (const { file, object } of policies) {
    const name = object.metadata.name;
    expect(at(object, 'spec', 'policyTypes')).toEqual(['Ingress', 'Egress']);
    if (name === DEFAULT_DENY_POLICY) {
      expect([file, object.spec]).toEqual([`${object.metadata.namespace}.networkpolicy.yaml`, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }]);
      continue;
    }
    expect(file).toBe(`${name}.networkpolicy.yaml`);
    expect(object.metadata.labels).toEqual({ app: name });
    expect(at(object, 'spec', 'podSelector')).toEqual({ matchLabels: { app: name } });
    // Every pod resolves names through the cluster DNS, on both protocols, first rule.
    expect(at<unknown[]>(object, 'spec', 'egress')[0]).toEqual({
      to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }],
    });
  }
});

test('a rule for a component names its namespace and its pods; a rule for an address has no peer at all', () => {
  const traefik = policiesOf('bernstein').find((p) => p.object.metadata.name === 'traefik')!.object;
  const egress = at<Array<{ to?: unknown[]; ports: unknown[] }>>(traefik, 'spec', 'egress');
  expect(egress).toContainEqual({ to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'default' } }, podSelector: { matchLabels: { app: 'poll' } } }], ports: [{ port: 80, protocol: 'TCP' }] });
  // The API server is not a pod: its rule opens the port to every address.
  expect(egress).toContainEqual({ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] });
  const promotions = policiesOf('promotions').find((p) => p.object.metadata.name === 'promotions')!.object;
  // An Ingress through the cluster's own controller: any pod of any namespace; a NodePort: anyone.
  expect(at(promotions, 'spec', 'ingress')).toEqual([
    { from: [{ namespaceSelector: {} }], ports: [{ port: 8080, protocol: 'TCP' }] },
    { ports: [{ port: 8080, protocol: 'TCP' }] },
  ]);
});

test('a default-deny goes to the namespaces the chart creates, not to the namespace of a component that merely contains their creator', () => {
  const chart = testChart();
  const platform = new Holder(chart, 'platform');
  new Namespace(platform, 'Shop', { name: 'shop' });
  addNetworkPolicies(chart);
  const names = chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'NetworkPolicy').map((p) => `${p.metadata.namespace}/${p.name}`);
  expect(names.sort()).toEqual(['default/platform', 'shop/default-deny']);
});
