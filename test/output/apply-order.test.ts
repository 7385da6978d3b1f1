import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { STACKS } from '../../src/charts/stacks';
import { Namespace } from '../../src/constructs/namespace';
import { Redis } from '../../src/constructs/redis';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { applyOrder } from '../../src/output/apply-order';
import { synthesize } from '../../src/synth';

const ROOT = path.resolve(__dirname, '../..');

describe('apply order derived from the wiring', () => {
  test('Bernstein: exactly the spec\'s deployment process (cadvisor, postgres, redis, apps, traefik)', () => {
    const order = synthesize({ stack: 'bernstein', env: {} }).applyOrder;
    expect(order.flatMap((s) => s.files)).toEqual([
      'cadvisor.daemonset.yaml',
      'postgres.secret.yaml', 'postgres.configmap.yaml', 'postgres.volume.yaml', 'postgres.deployment.yaml', 'postgres.service.yaml',
      'redis.configmap.yaml', 'redis.deployment.yaml', 'redis.service.yaml',
      'poll.deployment.yaml', 'poll.service.yaml', 'poll.ingress.yaml',
      'worker.deployment.yaml',
      'result.deployment.yaml', 'result.service.yaml', 'result.ingress.yaml',
      'traefik.rbac.yaml', 'traefik.deployment.yaml', 'traefik.service.yaml',
    ]);
    expect(Object.fromEntries(order.map((s) => [s.component, s.after]))).toEqual({
      cadvisor: [], postgres: [], redis: [], poll: ['redis'], worker: ['postgres', 'redis'], result: ['postgres'], traefik: ['poll', 'result'],
    });
  });

  describe.each(STACKS.flatMap((s) => s.profiles.map((p) => [s.name, p] as const)))('stack %s, profile %s', (stack, profile) => {
    const result = synthesize({ stack, profile, env: {} });
    test('every file is applied exactly once, each component after what it needs', () => {
      const files = result.applyOrder.flatMap((s) => s.files);
      expect([...files].sort()).toEqual([...result.rendered.keys()].sort());
      const seen = new Set<string>();
      for (const step of result.applyOrder) {
        for (const dependency of step.after) expect(seen.has(dependency)).toBe(true);
        seen.add(step.component);
      }
    });
    test('kubectl\'s name order applies every Namespace before anything else', () => {
      const names = fs.readdirSync(path.join(ROOT, result.stack.defaultOutdir(profile))).sort();
      const namespaceFiles = names.filter((n) => /^kind: Namespace$/m.test(fs.readFileSync(path.join(ROOT, result.stack.defaultOutdir(profile), n), 'utf-8')));
      expect(names.slice(0, namespaceFiles.length)).toEqual(namespaceFiles);
    });
  });

  test('a client comes after its Namespace and the store it connects to, even when built first; removing the connection removes the edge', () => {
    const build = (connect: boolean): string[][] => {
      const chart = Testing.chart();
      const api = new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1', namespace: 'shop' });
      const cache = new Redis(chart, 'Cache', { name: 'cache', namespace: 'shop' });
      new Namespace(chart, 'Ns', { name: 'shop' });
      if (connect) api.connectTo(cache.endpoint());
      return applyOrder(chart).map((s) => [s.component, ...s.after]);
    };
    expect(build(true)).toEqual([['shop'], ['cache', 'shop'], ['api', 'cache', 'shop']]);
    expect(build(false)).toEqual([['shop'], ['api', 'shop'], ['cache', 'shop']]);
  });

  test('bindings handed out by a store record the connection', () => {
    const chart = Testing.chart();
    const cache = new Redis(chart, 'Cache', { name: 'cache' });
    const api = new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1', env: cache.connectionEnv() });
    expect(api.connections.map((e) => [e.component.componentName, e.port])).toEqual([['cache', 6379]]);
  });

  test('a cycle is refused with the components named', () => {
    const chart = Testing.chart();
    const a = new StatelessApp(chart, 'A', { name: 'a', image: 'a:1', port: 80 });
    const b = new StatelessApp(chart, 'B', { name: 'b', image: 'b:1', port: 80, config: { A: { endpoint: a.endpoint(), url: 'http://a' } } });
    a.connectTo(b.endpoint());
    expect(() => applyOrder(chart)).toThrow('components a, b connect to each other in a cycle');
  });
});
