import * as fs from 'fs';
import * as path from 'path';
import { STACKS } from '../../src/charts/stacks';
import { Namespace } from '../../src/constructs/namespace';
import { Redis } from '../../src/constructs/redis';
import { StatelessApp } from '../../src/constructs/stateless-app';
import { applyOrder } from '../../src/output/apply-order';
import { folderApplyOrder } from '../../src/deploy/folder-order';
import { readManifestTexts } from '../../src/manifests';
import { synthesize } from '../../src/synth';
import { testChart } from '../helpers/chart';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The apply order of every stack and profile, written out from the seeds' deployment processes
 * (not from what applyOrder returns): each component as `name <- needs: files`, in order.
 */
const EXPECTED_ORDER: Readonly<Record<string, readonly string[]>> = {
  'bernstein spec': [
    'cadvisor <- : cadvisor.daemonset.yaml',
    'postgres <- : postgres.secret.yaml postgres.configmap.yaml postgres.volume.yaml postgres.deployment.yaml postgres.service.yaml',
    'redis <- : redis.configmap.yaml redis.deployment.yaml redis.service.yaml',
    'poll <- redis: poll.deployment.yaml poll.service.yaml poll.ingress.yaml',
    'worker <- postgres redis: worker.deployment.yaml',
    'result <- postgres: result.deployment.yaml result.service.yaml result.ingress.yaml',
    'traefik <- poll result: traefik.rbac.yaml traefik.deployment.yaml traefik.service.yaml',
  ],
  'bernstein modern': [
    'cadvisor <- : cadvisor.daemonset.yaml',
    'postgres <- : postgres.secret.yaml postgres.configmap.yaml postgres.volume.yaml postgres.deployment.yaml postgres.service.yaml',
    'redis <- : redis.configmap.yaml redis.deployment.yaml redis.service.yaml',
    'poll <- redis: poll.deployment.yaml poll.service.yaml poll.ingress.yaml',
    'worker <- postgres redis: worker.deployment.yaml',
    'result <- postgres: result.deployment.yaml result.service.yaml result.ingress.yaml',
    'traefik <- poll result: traefik.rbac.yaml traefik.deployment.yaml traefik.service.yaml traefik.ingress.yaml',
  ],
  'bernstein hardened': [
    'cadvisor <- : cadvisor.networkpolicy.yaml cadvisor.daemonset.yaml',
    'postgres <- : postgres.networkpolicy.yaml postgres.secret.yaml postgres.configmap.yaml postgres.volume.yaml postgres.deployment.yaml postgres.service.yaml',
    'redis <- : redis.networkpolicy.yaml redis.configmap.yaml redis.deployment.yaml redis.service.yaml',
    'poll <- redis: poll.networkpolicy.yaml poll.deployment.yaml poll.service.yaml poll.ingress.yaml poll.pdb.yaml',
    'worker <- postgres redis: worker.networkpolicy.yaml worker.deployment.yaml',
    'result <- postgres: result.networkpolicy.yaml result.deployment.yaml result.service.yaml result.ingress.yaml result.pdb.yaml',
    'traefik <- poll result: traefik.rbac.yaml traefik.networkpolicy.yaml traefik.deployment.yaml traefik.service.yaml traefik.ingress.yaml traefik.pdb.yaml',
  ],
  'promotions spec': [
    'mongodb <- : mongodb.secret.yaml mongodb.configmap.yaml mongodb.volume.yaml mongodb.deployment.yaml mongodb.service.yaml',
    'logger <- mongodb: logger.deployment.yaml logger.service.yaml logger.pdb.yaml',
    'promotions <- mongodb logger: promotions.configmap.yaml promotions.deployment.yaml promotions.service.yaml promotions.ingress.yaml promotions.pdb.yaml',
  ],
  'promotions hardened': [
    'mongodb <- : mongodb.networkpolicy.yaml mongodb.secret.yaml mongodb.configmap.yaml mongodb.volume.yaml mongodb.deployment.yaml mongodb.service.yaml',
    'logger <- mongodb: logger.networkpolicy.yaml logger.deployment.yaml logger.service.yaml logger.pdb.yaml',
    'promotions <- mongodb logger: promotions.networkpolicy.yaml promotions.configmap.yaml promotions.deployment.yaml promotions.service.yaml promotions.ingress.yaml promotions.pdb.yaml',
  ],
  'lifespan spec': [
    'lifespan <- : 00-lifespan.namespace.yaml',
    'mysql <- lifespan: mysql.secret.yaml mysql.configmap.yaml mysql.volume.yaml mysql.deployment.yaml mysql.service.yaml',
    'backend <- lifespan mysql: backend.configmap.yaml backend.deployment.yaml backend.service.yaml',
    'frontend <- lifespan backend: frontend.configmap.yaml frontend.deployment.yaml frontend.service.yaml',
  ],
  'lifespan hardened': [
    'lifespan <- : 00-lifespan.namespace.yaml lifespan.networkpolicy.yaml',
    'mysql <- lifespan: mysql.networkpolicy.yaml mysql.secret.yaml mysql.configmap.yaml mysql.volume.yaml mysql.deployment.yaml mysql.service.yaml',
    'backend <- lifespan mysql: backend.networkpolicy.yaml backend.configmap.yaml backend.deployment.yaml backend.service.yaml',
    'frontend <- lifespan backend: frontend.networkpolicy.yaml frontend.configmap.yaml frontend.deployment.yaml frontend.service.yaml',
  ],
  'smack spec': [
    'smack <- : 00-smack.namespace.yaml',
    'kafka <- smack: kafka.configmap.yaml kafka.statefulset.yaml kafka.service.yaml kafka.pdb.yaml',
    'cassandra <- smack: cassandra.configmap.yaml cassandra.statefulset.yaml cassandra.service.yaml cassandra.pdb.yaml',
    'spark-master <- smack: spark-master.configmap.yaml spark-master.deployment.yaml spark-master.service.yaml',
    'spark-worker <- smack spark-master: spark-worker.configmap.yaml spark-worker.deployment.yaml',
    'ingest <- smack kafka cassandra: ingest.configmap.yaml ingest.deployment.yaml ingest.service.yaml',
  ],
  'smack hardened': [
    'smack <- : 00-smack.namespace.yaml smack.networkpolicy.yaml',
    'kafka <- smack: kafka.networkpolicy.yaml kafka.configmap.yaml kafka.statefulset.yaml kafka.service.yaml kafka.pdb.yaml',
    'cassandra <- smack: cassandra.networkpolicy.yaml cassandra.configmap.yaml cassandra.statefulset.yaml cassandra.service.yaml cassandra.pdb.yaml',
    'spark-master <- smack: spark-master.networkpolicy.yaml spark-master.configmap.yaml spark-master.deployment.yaml spark-master.service.yaml',
    'spark-worker <- smack spark-master: spark-worker.networkpolicy.yaml spark-worker.configmap.yaml spark-worker.deployment.yaml spark-worker.service.yaml spark-worker.pdb.yaml',
    'ingest <- smack kafka cassandra: ingest.networkpolicy.yaml ingest.configmap.yaml ingest.deployment.yaml ingest.service.yaml',
  ],
};

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
    test('is the order the seed deploys in, literally', () => {
      expect(result.applyOrder.map((s) => `${s.component} <- ${s.after.join(' ')}: ${s.files.join(' ')}`)).toEqual(EXPECTED_ORDER[`${stack} ${profile}`]);
    });
    test('every file is applied exactly once, each component after what it needs', () => {
      const files = result.applyOrder.flatMap((s) => s.files);
      expect([...files].sort()).toEqual([...result.rendered.keys()].sort());
      expect(result.applyOrder.length).toBeGreaterThan(2);
      const seen = new Set<string>();
      for (const step of result.applyOrder) {
        for (const dependency of step.after) expect(seen.has(dependency)).toBe(true);
        seen.add(step.component);
      }
    });
    test('the order derived from the folder alone (deploy --dir) keeps every dependency the construct tree knows', () => {
      const { inventory } = readManifestTexts([...result.rendered].map(([file, text]) => ({ file, text })));
      const folder = folderApplyOrder(inventory.objects);
      expect(folder.cycle).toEqual([]);
      expect(folder.steps.flatMap((s) => s.files).sort()).toEqual([...result.rendered.keys()].sort());
      for (const step of result.applyOrder) {
        expect([step.component, folder.steps.find((s) => s.component === step.component)?.after]).toEqual([step.component, expect.arrayContaining([...step.after])]);
      }
      const position = new Map(folder.steps.map((s, i) => [s.component, i]));
      for (const step of folder.steps) for (const first of step.after) expect(position.get(first)!).toBeLessThan(position.get(step.component)!);
    });
    test('kubectl\'s name order applies every Namespace before anything else', () => {
      const names = fs.readdirSync(path.join(ROOT, result.stack.defaultOutdir(profile))).sort();
      const namespaceFiles = names.filter((n) => /^kind: Namespace$/m.test(fs.readFileSync(path.join(ROOT, result.stack.defaultOutdir(profile), n), 'utf-8')));
      expect(names.slice(0, namespaceFiles.length)).toEqual(namespaceFiles);
      // Stacks in a namespace of their own name it first; the others use existing namespaces.
      expect(namespaceFiles).toEqual(['lifespan', 'smack'].includes(stack) ? [`00-${stack}.namespace.yaml`] : []);
    });
  });

  test('a client comes after its Namespace and the store it connects to, even when built first; removing the connection removes the edge', () => {
    const build = (connect: boolean): string[][] => {
      const chart = testChart();
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
    const chart = testChart();
    const cache = new Redis(chart, 'Cache', { name: 'cache' });
    const api = new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1', env: cache.connectionEnv() });
    expect(api.connections.map((e) => [e.component.componentName, e.port])).toEqual([['cache', 6379]]);
  });

  test('a cycle is refused with the components named', () => {
    const chart = testChart();
    const a = new StatelessApp(chart, 'A', { name: 'a', image: 'a:1', port: 80 });
    const b = new StatelessApp(chart, 'B', { name: 'b', image: 'b:1', port: 80, config: { A: { endpoint: a.endpoint(), url: 'http://a' } } });
    a.connectTo(b.endpoint());
    expect(() => applyOrder(chart)).toThrow('components a, b connect to each other in a cycle');
  });
});
