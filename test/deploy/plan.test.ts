import * as fs from 'fs';
import * as path from 'path';
import { buildDeployPlan, shellQuote, summarizeApply } from '../../src/deploy';
import { ApplyStep } from '../../src/output/apply-order';
import { tempDir, writeFiles } from './helpers';

const order: ApplyStep[] = [
  { component: 'ns', files: ['00-ns.namespace.yaml'], after: [] },
  { component: 'db', files: ['db.statefulset.yaml'], after: ['ns'] },
  { component: 'app', files: ['app.deployment.yaml', 'app.service.yaml'], after: ['ns', 'db'] },
];

describe('buildDeployPlan', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('follows the given order and derives rollouts from the folder\'s own manifests (Lists, several documents)', () => {
    writeFiles(dir, {
      '00-ns.namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n',
      'db.statefulset.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: ns\n',
      'app.deployment.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: app\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\n',
      'app.service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n',
      'notes.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n',
    });
    const plan = buildDeployPlan(dir, order, { context: 'c', timeout: '1m' });
    expect(plan.missing).toEqual([]);
    expect(plan.problems).toEqual([]);
    expect(plan.extra).toEqual(['notes.yaml']);
    expect(plan.components.map((c) => [c.index, c.name, c.rollouts.map((r) => r.args.join(' '))])).toEqual([
      [1, 'ns', []],
      [2, 'db', ['--context c rollout status statefulset/db -n ns --timeout=1m']],
      // No namespace written: awaited in the context's namespace (no -n); a Job has no rollout.
      [3, 'app', ['--context c rollout status deployment/app --timeout=1m']],
    ]);
    expect(plan.components[2].apply).toEqual(['--context', 'c', 'apply', '-f', path.join(dir, 'app.deployment.yaml'), '-f', path.join(dir, 'app.service.yaml')]);
  });

  test('reports missing files and unreadable ones instead of throwing', () => {
    const other = tempDir();
    writeFiles(other, { 'app.deployment.yaml': 'kind: Deployment\nmetadata: [\n' });
    const plan = buildDeployPlan(other, order);
    expect(plan.missing).toEqual(['00-ns.namespace.yaml', 'db.statefulset.yaml', 'app.service.yaml']);
    expect(plan.problems).toEqual([expect.stringMatching(/^app\.deployment\.yaml: /)]);
    expect(buildDeployPlan(path.join(other, 'nowhere'), order).missing).toHaveLength(4);
    fs.rmSync(other, { recursive: true, force: true });
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
