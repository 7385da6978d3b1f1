// A small shop, written as a user of the library would: a web frontend and an API behind HTTPS host
// routes (the API autoscaled), a background worker, Postgres and Redis, and a nightly backup
// CronJob that reads Postgres through its handle. No raw Kubernetes object; the network policies
// follow the wiring, so the backup may reach Postgres and nothing else may.
//
//   npx ts-node examples/shop.ts manifests/   # or compile with tsc and run with node
import { App, Chart, Cron } from 'cdk8s';
import { addNetworkPolicies, CronJob, Postgres, Redis, ScalingTarget, StatelessApp, Traefik, Volume, writeManifests } from 'bernstein-cdk8s';

const app = new App();
const chart = new Chart(app, 'shop', { disableResourceNameHashes: true });

const traefik = new Traefik(chart, 'Traefik', { httpsNodePort: 30443 }); // HTTPS entry point for the TLS routes
const redis = new Redis(chart, 'Redis');
const postgres = new Postgres(chart, 'Postgres', {
  credentials: { user: 'shop', password: process.env.POSTGRES_PASSWORD ?? 'development-only', database: 'shop' },
  initSql: 'CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, item text NOT NULL);\n',
});

new StatelessApp(chart, 'Frontend', {
  name: 'frontend',
  image: 'ghcr.io/example/shop-frontend:1.4.2',
  replicas: 2,
  port: 8080,
  route: { host: 'shop.example.com', controller: traefik, tlsSecretName: 'shop-tls' },
});
new StatelessApp(chart, 'Api', {
  name: 'api',
  image: 'ghcr.io/example/shop-api:1.4.2',
  port: 8080,
  env: [...redis.connectionEnv(), ...postgres.connectionEnv()],
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  autoscaling: { minReplicas: 2, maxReplicas: 6, targets: [ScalingTarget.cpuUtilization(70)] },
  route: { host: 'api.shop.example.com', controller: traefik, tlsSecretName: 'api-tls' },
});
new StatelessApp(chart, 'Worker', {
  name: 'worker',
  image: 'ghcr.io/example/shop-worker:1.4.2',
  env: [...redis.connectionEnv(), ...postgres.connectionEnv()],
  envValues: { QUEUE: 'orders' },
});
new CronJob(chart, 'Backup', {
  name: 'backup',
  image: 'postgres:17',
  schedule: Cron.schedule({ minute: '30', hour: '2' }),
  command: ['sh', '-c', 'pg_dump -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" "$POSTGRES_DB" > /dumps/shop-$(date +%F).sql'],
  env: postgres.connectionEnv(),
  envValues: { PGPASSWORD: '$(POSTGRES_PASSWORD)' },
  mounts: [{ path: '/dumps', volume: Volume.claim('dumps', { size: '5Gi' }) }],
});
addNetworkPolicies(chart);

const outdir = process.argv[2];
if (outdir === undefined) {
  app.synth(); // cdk8s's own output: dist/shop.k8s.yaml
} else {
  const written = writeManifests(chart, outdir);
  console.log(`wrote ${written.files.length} files to ${outdir}`);
}
