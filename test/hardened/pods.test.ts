// What the hardened profile of every stack promises about its pods, asserted on the committed
// folders: Pod Security "restricted" (the checker's policy) admits every pod but the privileged
// cAdvisor in kube-system; every container has requests and limits; every replicated component
// has a PodDisruptionBudget; only an ingress controller mounts its ServiceAccount token; the
// namespaces the stack creates enforce "restricted"; files keep the `<component>.<kind>.yaml` names.
import * as path from 'path';
import { STACKS } from '../../src/charts/stacks';
import { check } from '../../src/checker';
import { at, containers, podSpec, synthObjects, WORKLOAD_KINDS } from '../helpers/manifests';

const ROOT = path.join(__dirname, '..', '..');
const hardened = STACKS.filter((s) => s.profiles.includes('hardened'));

test('every stack has a hardened profile', () => {
  expect(STACKS.filter((s) => !s.profiles.includes('hardened')).map((s) => s.name)).toEqual([]);
});

describe.each(hardened.map((s) => s.name))('stack %s, profile hardened', (stack) => {
  const definition = STACKS.find((s) => s.name === stack)!;
  const dir = path.join(ROOT, definition.defaultOutdir('hardened'));
  const objects = synthObjects({ stack, profile: 'hardened' });
  const workloads = objects.map((o) => o.object).filter((o) => WORKLOAD_KINDS.includes(o.kind));

  test('writes dist-<stack>-hardened/ (dist-hardened/ for bernstein)', () => {
    expect(definition.defaultOutdir('hardened')).toBe(stack === 'bernstein' ? 'dist-hardened' : `dist-${stack}-hardened`);
  });

  test.each(['1.27', '1.33'])('the checker with --policy restricted finds no error or warning on Kubernetes %s; only cAdvisor (kube-system) gets notes', (k8s) => {
    const report = check(dir, { k8s, policy: 'restricted' });
    const restrictedRules = report.problems.filter((p) => p.rule.startsWith('restricted.'));
    expect(restrictedRules.filter((p) => p.severity !== 'info').map((p) => `${p.object} ${p.field}: ${p.message}`)).toEqual([]);
    expect([...new Set(restrictedRules.map((p) => p.object))]).toEqual(stack === 'bernstein' ? ['DaemonSet/kube-system/cadvisor'] : []);
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => `${p.rule} ${p.object} ${p.field}: ${p.message}`)).toEqual([]);
  });

  test('`check --stack` holds the folder to the stack\'s hardened options: no error, no warning, on Kubernetes 1.27 and 1.33', () => {
    const options = definition.checkOptions('hardened');
    expect(options.policies).toContain('restricted');
    for (const k8s of ['1.27', '1.33']) {
      const report = check(dir, { k8s, policy: options.policies });
      // The placeholder application images (promotions/api:latest, …) float until the user builds them (issue 25).
      const placeholder = (p: { rule: string; message: string }) => p.rule === 'image.floating-tag' && /"(promotions|lifespan|smack)\/[a-z-]+:latest"/.test(p.message);
      expect(report.problems.filter((p) => p.severity !== 'info' && !placeholder(p)).map((p) => `${k8s} ${p.rule} ${p.object} ${p.field}: ${p.message}`)).toEqual([]);
    }
  });

  test('every container has CPU and memory requests and a memory limit', () => {
    const missing = workloads.flatMap((w) => containers(w).filter((c) => {
      const r = (c as { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }).resources;
      return r?.requests?.cpu === undefined || r.requests.memory === undefined || r.limits?.memory === undefined;
    }).map((c) => `${w.metadata.name}/${c.name}`));
    expect(missing).toEqual([]);
  });

  test('every component with more than one replica has a PodDisruptionBudget selecting its pods', () => {
    const budgets = objects.map((o) => o.object).filter((o) => o.kind === 'PodDisruptionBudget');
    const replicated = workloads.filter((w) => (at<number>(w, 'spec', 'replicas') ?? 1) > 1);
    const expected: Record<string, string[]> = { bernstein: ['poll', 'result', 'traefik'], promotions: ['logger', 'promotions'], lifespan: [], smack: ['cassandra', 'kafka', 'spark-worker'] };
    expect(replicated.map((w) => w.metadata.name).sort()).toEqual(expected[stack]);
    for (const w of replicated) {
      const labels = at<Record<string, string>>(w, 'spec', 'selector', 'matchLabels');
      const budget = budgets.find((b) => b.metadata.namespace === w.metadata.namespace && JSON.stringify(at(b, 'spec', 'selector', 'matchLabels')) === JSON.stringify(labels));
      expect([w.metadata.name, budget !== undefined]).toEqual([w.metadata.name, true]);
    }
  });

  test('only the pods of a component that uses the Kubernetes API mount a ServiceAccount token', () => {
    const mounting = workloads.filter((w) => podSpec(w).automountServiceAccountToken !== false).map((w) => w.metadata.name);
    expect(mounting).toEqual(stack === 'bernstein' ? ['traefik'] : []);
  });

  test('every restricted container has a read-only root file system, or is one of the images that write their configuration at start', () => {
    const writable = workloads.flatMap((w) => containers(w).filter((c) => at(c, 'securityContext', 'readOnlyRootFilesystem') !== true).map((c) => `${w.metadata.name}/${c.name}`));
    const expected: Record<string, string[]> = { bernstein: ['cadvisor/cadvisor'], smack: ['kafka/kafka', 'cassandra/cassandra'], lifespan: ['frontend/frontend'] };
    expect(writable.sort()).toEqual((expected[stack] ?? []).sort());
  });

  test('the namespaces the stack creates enforce, warn and audit Pod Security "restricted"', () => {
    const namespaces = objects.map((o) => o.object).filter((o) => o.kind === 'Namespace');
    // lifespan and smack live in a namespace of their own; bernstein and promotions use existing ones.
    expect(namespaces.map((n) => n.metadata.name)).toEqual(['lifespan', 'smack'].includes(stack) ? [stack] : []);
    for (const ns of namespaces) {
      expect(ns.metadata.labels).toEqual({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      });
    }
  });

  test('every file is <component>.<kind>.yaml, Namespaces first; every policy is in its component\'s networkpolicy file', () => {
    for (const { file, object } of objects) {
      expect(file).toMatch(/^(00-)?[a-z0-9-]+\.[a-z]+\.yaml$/);
      if (object.kind === 'NetworkPolicy') expect(file.endsWith('.networkpolicy.yaml')).toBe(true);
    }
    const files = [...new Set(objects.map((o) => o.file))].sort();
    const namespaces = files.filter((f) => f.endsWith('.namespace.yaml'));
    expect(files.slice(0, namespaces.length)).toEqual(namespaces);
  });
});
