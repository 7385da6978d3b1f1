// The README flow tables' writer on hand-made flows and READMEs: one row per source, destination
// and reason with its ports in flow order, DNS as one row for every pod, and markers that must
// come in order, once each, for stacks that have a hardened profile.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { STACKS, StackDefinition } from '../../src/charts/stacks';
import { Component, Endpoint } from '../../src/constructs/component';
import { declaredFlows } from '../../src/network/flows';
import { FLOW_TABLE_PROFILE, flowMarkers, flowTable, planReadmeFlows, stackFlowTable } from '../../src/network/readme';
import { testChart } from '../helpers/chart';

class Part extends Component {
  constructor(scope: Construct, name: string, namespace = 'default') {
    super(scope, name, name, namespace);
    new ApiObject(this, 'Object', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace } });
  }
  endpoint(port: number): Endpoint {
    return { component: this, serviceName: this.componentName, portName: `p${port}`, port };
  }
  apiAndWays(): this {
    this.connectToKubernetesApi();
    this.expose({ kind: 'nodePort', portName: 'web', port: 80, nodePort: 30080, targetPort: 8000 });
    this.expose({ kind: 'ingress', host: 'h', path: '/', endpoint: this.endpoint(8000), ingressClass: 'c' });
    return this;
  }
  peers(port: number): this {
    this.connectPeersOn(this.endpoint(port));
    return this;
  }
  routedBy(controller: Component, port: number): this {
    this.expose({ kind: 'ingress', host: 'h', path: '/', endpoint: this.endpoint(port), ingressClass: 'c', controller });
    return this;
  }
}

test('one row per source, destination and reason, ports joined in flow order; every reason worded', () => {
  const chart = testChart();
  const edge = new Part(chart, 'edge', 'ingress').apiAndWays();
  const app = new Part(chart, 'app').peers(7000);
  const db = new Part(chart, 'db');
  app.connectTo(db.endpoint(5432));
  app.connectTo(db.endpoint(5433));
  db.callBack(app.endpoint(9000));
  edge.connectTo(app.endpoint(80));
  app.routedBy(edge, 80);
  expect(flowTable(declaredFlows(chart)).split('\n')).toEqual([
    '| From | To | Port | Why |',
    '| --- | --- | --- | --- |',
    '| any pod of any namespace | ingress/edge | 8000/TCP | Ingress via the cluster\'s own controller: any namespace |',
    '| anywhere | ingress/edge | 8000/TCP | NodePort: any source |',
    '| every pod of the stack | kube-system/kube-dns | 53/TCP, 53/UDP | name resolution |',
    '| default/app | default/app | 7000/TCP | member to member |',
    '| default/app | default/db | 5432/TCP, 5433/TCP | bound connection (env binding or URL) |',
    '| default/db | default/app | 9000/TCP | call back to its client |',
    '| ingress/edge | API server | 443/TCP, 6443/TCP | Kubernetes API (not a pod: any address) |',
    '| ingress/edge | default/app | 80/TCP | Ingress route of the controller |',
  ]);
});

describe('planReadmeFlows markers', () => {
  const bernstein = STACKS[0];
  const { begin, end } = flowMarkers(bernstein.name);
  const table = stackFlowTable(bernstein);

  test('the markers are HTML comments naming the stack; the table shows the hardened profile', () => {
    expect(flowMarkers('shop')).toEqual({ begin: '<!-- flows:shop:begin -->', end: '<!-- flows:shop:end -->' });
    expect(FLOW_TABLE_PROFILE).toBe('hardened');
  });

  test('a README without markers is left as it is; an indented marker still counts', () => {
    expect(planReadmeFlows('# Title\n\ntext\n')).toEqual({ updated: '# Title\n\ntext\n', marked: [], stale: [] });
    const plan = planReadmeFlows(`  ${begin}\n| old |\n  ${end}\n`);
    expect(plan.stale).toEqual([bernstein.name]);
    expect(plan.updated).toBe(`  ${begin}\n${table}\n  ${end}\n`);
  });

  test('CRLF line ends are kept', () => {
    expect(planReadmeFlows(`a\r\n${begin}\r\n${end}\r\nb`).updated).toBe(`a\r\n${begin}\r\n${table.split('\n').join('\r\n')}\r\n${end}\r\nb`);
  });

  test.each([
    ['an end before the begin', `${end}\n${begin}\n`, '(found 1 and 1)'],
    ['two begins', `${begin}\n${begin}\n${end}\n`, '(found 2 and 1)'],
    ['two ends', `${begin}\n${end}\n${end}\n`, '(found 1 and 2)'],
    ['no begin', `${end}\n`, '(found 0 and 1)'],
  ])('%s is refused naming the stack and the counts', (_what, readme, counts) => {
    expect(() => planReadmeFlows(readme)).toThrow(`README must have one "${begin}" line followed by one "${end}" line for stack "${bernstein.name}" ${counts}`);
  });

  test('markers of a stack without a hardened profile are refused, listing the stacks', () => {
    const specOnly: StackDefinition = { ...bernstein, name: 'plain', profiles: ['spec'] };
    expect(() => planReadmeFlows(`${flowMarkers('plain').begin}\n${flowMarkers('plain').end}\n`, [specOnly, bernstein])).toThrow(
      'README has flow markers for "plain", which is no stack with a hardened profile; stacks: plain, bernstein',
    );
    expect(() => planReadmeFlows('<!-- flows:a:begin -->\n<!-- flows:b:begin -->\n')).toThrow('README has flow markers for "a", "b", which is no stack');
  });

  test('stacks are planned in registry order, whatever the README order', () => {
    const smack = flowMarkers('smack');
    const plan = planReadmeFlows(`${smack.begin}\n${smack.end}\n${begin}\n${end}\n`);
    expect(plan.marked).toEqual(['bernstein', 'smack']);
    expect(plan.stale).toEqual(['bernstein', 'smack']);
  });
});

test.each([
  'see <!-- flows:nope:begin --> here',
  'see<!-- flows:nope:begin -->',
  '<!-- flows:nope:begin -->see',
  '<!-- flows:nope:end --> and more',
])('a marker inside a line of text is prose, not a marker: %j', (line) => {
  expect(planReadmeFlows(`# Title\n${line}\n`)).toEqual({ updated: `# Title\n${line}\n`, marked: [], stale: [] });
});
