import { ApiObject, App, Chart } from 'cdk8s';
import { applyOrder, mermaidDiagram, Postgres, Redis, StatelessApp } from 'bernstein-cdk8s';

// A library user's own app gets apply order and picture from its construct tree, as the built-in
// stacks do: stores before the apps bound to them, the wiring drawn as edges.
function shop(): Chart {
  const chart = new Chart(new App(), 'shop', { disableResourceNameHashes: true });
  const postgres = new Postgres(chart, 'Postgres', { credentials: { user: 'shop', password: 'dev', database: 'shop' } });
  const redis = new Redis(chart, 'Redis');
  new StatelessApp(chart, 'Web', { name: 'web', image: 'shop/web:1.0', port: 8080, nodePort: 30080 });
  new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1.0', port: 8080, env: [...postgres.connectionEnv(), ...redis.connectionEnv()] });
  return chart;
}

test('applyOrder: each store before the app bound to it, with its files and what it waits for', () => {
  const steps = applyOrder(shop());
  const position = (component: string) => steps.findIndex((s) => s.component === component);
  expect(steps.map((s) => s.component).sort()).toEqual(['api', 'postgres', 'redis', 'web']);
  expect(position('postgres')).toBeLessThan(position('api'));
  expect(position('redis')).toBeLessThan(position('api'));
  const api = steps[position('api')];
  expect([...api.after].sort()).toEqual(['postgres', 'redis']);
  expect(api.files).toEqual(['api.deployment.yaml', 'api.service.yaml']);
  expect(steps[position('web')].after).toEqual([]);
});

test('mermaidDiagram: one node per component and an edge for each wiring, the title in front matter', () => {
  const picture = mermaidDiagram(shop(), { title: 'shop' });
  expect(picture.startsWith('---\ntitle: "shop"\n---\nflowchart LR\n')).toBe(true);
  for (const component of ['api', 'web', 'postgres', 'redis']) expect(picture).toContain(`c_${component}["${component}<br/>Deployment ×1"]`);
  const calls = picture.split('\n').filter((l) => / --> c_/.test(l) && l.trim().startsWith('c_')).map((l) => l.trim());
  expect(calls).toEqual(['c_api --> c_postgres', 'c_api --> c_redis']);
  expect(picture).toContain('user -->|":30080"| c_web');
  expect(picture).toContain('secret_postgres_secret -.-> c_api');
});

test('mermaidDiagram refuses what writeManifests refuses (an object outside every component)', () => {
  const chart = shop();
  new ApiObject(chart, 'Loose', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loose' } });
  expect(() => mermaidDiagram(chart)).toThrow(/not inside a component/);
});
