import {
  DEPLOY_COMPONENTS,
  DEPLOY_FILES,
  buildDeployPlan,
  memoryManifestSource,
  parseWorkloads,
  shellQuote,
  summarizeApply,
} from '../../src/deploy';
import { manifestFiles } from './helpers';

describe('buildDeployPlan (in memory, no fs)', () => {
  test('follows the spec order and derives rollouts from the manifests', () => {
    const plan = buildDeployPlan('dist', { source: memoryManifestSource(manifestFiles()), context: 'ctx' });
    expect(plan.missing).toEqual([]);
    expect(plan.problems).toEqual([]);
    expect(plan.components.map((c) => [c.index, c.name, c.files])).toEqual(
      DEPLOY_COMPONENTS.map((c, i) => [i + 1, c.name, c.files]),
    );
    expect(plan.components.flatMap((c) => c.files)).toEqual(DEPLOY_FILES);
    expect(
      plan.components.map((c) => c.rollouts.map((r) => `${r.workload.kind}/${r.workload.name}@${r.workload.namespace}`)),
    ).toEqual([
      ['DaemonSet/cadvisor@kube-system'],
      ['Deployment/postgres@default'],
      ['Deployment/redis@default'],
      ['Deployment/poll@default', 'Deployment/worker@default', 'Deployment/result@default'],
      ['Deployment/traefik@kube-public'],
    ]);
    expect(plan.components[1].apply.slice(0, 5)).toEqual(['--context', 'ctx', 'apply', '-f', 'dist/postgres.secret.yaml']);
    expect(plan.createsVotesTable).toBe(true);
  });

  test('reports missing files instead of throwing, so the order is usable before synth', () => {
    const plan = buildDeployPlan('nowhere', { source: memoryManifestSource({}) });
    expect(plan.missing).toEqual(DEPLOY_FILES);
    expect(plan.components.map((c) => c.name)).toEqual(['monitoring', 'postgres', 'redis', 'apps', 'traefik']);
  });

  test('a workload without namespace is awaited in the context namespace (no -n)', () => {
    const files = {
      ...manifestFiles(),
      'redis.deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis\n',
    };
    const plan = buildDeployPlan('d', { source: memoryManifestSource(files), timeout: '5m' });
    expect(plan.components[2].rollouts[0].args).toEqual(['rollout', 'status', 'deployment/redis', '--timeout=5m']);
  });
});

describe('parseWorkloads', () => {
  test('multi-document files and Lists; only Deployments and DaemonSets', () => {
    const text = [
      'kind: Service\nmetadata:\n  name: s\n',
      'kind: Deployment\nmetadata:\n  name: a\n  namespace: x\n',
      '',
      'kind: List\nitems:\n  - kind: DaemonSet\n    metadata:\n      name: b\n  - kind: StatefulSet\n    metadata:\n      name: c\n',
    ].join('---\n');
    expect(parseWorkloads('f.yaml', text)).toEqual({
      workloads: [
        { kind: 'Deployment', name: 'a', namespace: 'x', file: 'f.yaml' },
        { kind: 'DaemonSet', name: 'b', file: 'f.yaml' },
      ],
    });
  });

  test('syntax errors are reported with the file name', () => {
    expect(parseWorkloads('bad.yaml', 'a: [\n').error).toMatch(/^bad\.yaml: /);
  });
});

describe('helpers', () => {
  test('shellQuote', () => {
    expect(shellQuote('dist/poll.deployment.yaml')).toBe('dist/poll.deployment.yaml');
    expect(shellQuote('--timeout=180s')).toBe('--timeout=180s');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('jsonpath={.items[*]}')).toBe("'jsonpath={.items[*]}'");
  });

  test('summarizeApply counts kubectl apply statuses', () => {
    const out = 'secret/p created\nconfigmap/p unchanged\ndeployment.apps/p configured\nservice/p unchanged\n';
    expect(summarizeApply(4, out)).toBe('4 files (1 created, 2 unchanged, 1 configured)');
    expect(summarizeApply(1, '')).toBe('1 file');
  });
});
