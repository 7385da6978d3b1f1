import { Chart } from 'cdk8s';
import { testChart } from '../helpers/chart';
import { Kafka } from '../../src/constructs/kafka';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { quorumMaxUnavailable } from '../../src/constructs/workload-parts';

const objectsOf = (chart: Chart) => chart.toJson() as { kind: string; metadata: { name: string }; spec: Record<string, any> }[];

describe('placement and disruption budgets', () => {
  test('a quorum keeps its majority: 3 → 1, 5 → 2, fewer than 3 → no budget', () => {
    expect([1, 2, 3, 4, 5, 7].map(quorumMaxUnavailable)).toEqual([undefined, undefined, 1, 1, 2, 3]);
  });

  test('Kafka: balanced by default, budget from its size; a 1-node Kafka has neither', () => {
    const three = testChart();
    new Kafka(three, 'K');
    const objects = objectsOf(three);
    const set = objects.find((o) => o.kind === 'StatefulSet')!;
    expect(set.spec.template.spec.topologySpreadConstraints[0]).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'Honor' });
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget')!.spec.maxUnavailable).toBe(1);
    const one = testChart();
    new Kafka(one, 'K', { replicas: 1 });
    const single = objectsOf(one);
    expect(single.find((o) => o.kind === 'StatefulSet')!.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(single.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('a budget must leave something to protect', () => {
    expect(() => new StatelessApp(testChart(), 'A', { name: 'a', image: 'a:1', maxUnavailable: 1 })).toThrow('maxUnavailable 1 is invalid; allowed: an integer from 1 to replicas - 1 (0)');
    expect(() => new StatelessApp(testChart(), 'A', { name: 'a', image: 'a:1', replicas: 2, maxUnavailable: 2 })).toThrow('maxUnavailable 2 is invalid');
    const chart = testChart();
    new StatelessApp(chart, 'A', { name: 'a', image: 'a:1', replicas: 2, maxUnavailable: 1, spreading: 'balanced' });
    const objects = objectsOf(chart);
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget')).toMatchObject({ metadata: { name: 'a' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'a' } } } });
    expect(objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.topologySpreadConstraints[0].labelSelector).toEqual({ matchLabels: { app: 'a' } });
  });
});
