// A small shop, written as a user of the library would: an API (2 replicas, routed by host
// through Traefik) that reads Redis and Postgres settings through their connection handles,
// plus a nightly pg_dump CronJob, a raw Kubernetes object added inside the postgres component.
//
//   npx ts-node examples/shop.ts manifests/   # or compile with tsc and run with node
import { App, Chart } from 'cdk8s';
import { k8s, Postgres, Redis, toEnvVar, Traefik, StatelessApp, writeManifests } from 'bernstein-cdk8s';

const app = new App();
const chart = new Chart(app, 'shop', { disableResourceNameHashes: true });

const traefik = new Traefik(chart, 'Traefik', { generation: 'v2' });
const redis = new Redis(chart, 'Redis');
const postgres = new Postgres(chart, 'Postgres', {
  credentials: { user: 'shop', password: 'change-me-in-production', database: 'shop' },
  initSql: 'CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, item text NOT NULL);\n',
});

new StatelessApp(chart, 'Api', {
  name: 'api',
  image: 'ghcr.io/example/shop-api:1.4.2',
  replicas: 2,
  port: 8080,
  env: [...redis.connectionEnv(), ...postgres.connectionEnv()],
  route: { host: 'shop.example.com', controller: traefik },
});

// Raw Kubernetes objects: created with the postgres component as their scope, they are written
// to postgres.cronjob.yaml and postgres.volume.yaml next to the database's own files.
const backups = new k8s.KubePersistentVolumeClaim(postgres, 'BackupClaim', {
  metadata: { name: 'postgres-backups', namespace: postgres.namespace },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString('5Gi') } } },
});
new k8s.KubeCronJob(postgres, 'NightlyDump', {
  metadata: { name: 'postgres-nightly-dump', namespace: postgres.namespace },
  spec: {
    schedule: '30 2 * * *',
    concurrencyPolicy: 'Forbid',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'OnFailure',
            containers: [{
              name: 'pg-dump',
              image: 'postgres:12',
              command: ['sh', '-c', 'PGPASSWORD="$POSTGRES_PASSWORD" pg_dump -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" "$POSTGRES_DB" > /backups/shop-$(date +%F).sql'],
              env: postgres.connectionEnv().map(toEnvVar),
              volumeMounts: [{ name: 'backups', mountPath: '/backups' }],
            }],
            volumes: [{ name: 'backups', persistentVolumeClaim: { claimName: backups.name } }],
          },
        },
      },
    },
  },
});

const outdir = process.argv[2];
if (outdir === undefined) {
  app.synth(); // cdk8s's own output: dist/shop.k8s.yaml
} else {
  const written = writeManifests(chart, outdir);
  console.log(`wrote ${written.files.length} files to ${outdir}`);
}
