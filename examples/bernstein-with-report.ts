// The Bernstein poll application plus a component of the user's own: a nightly vote report,
// written as a class extending Component. Its CronJob reads the database settings through the
// postgres component's connection handle, so a renamed Secret or key moves with it.
//
//   node bernstein-with-report.js manifests/   (after tsc)  → manifests/*.yaml
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { BernsteinChart, Component, k8s, SingleWriterDatabase, writeManifests } from 'bernstein-cdk8s';

/** Props of {@link VoteReport}. */
interface VoteReportProps {
  /** The database holding the `votes` table. */
  readonly database: SingleWriterDatabase;
  /** Cron schedule. @default '0 6 * * *' (06:00 every day) */
  readonly schedule?: string;
}

/** Counts the votes once a day and prints them to the job's log: `vote-report.cronjob.yaml`. */
class VoteReport extends Component {
  constructor(scope: Construct, id: string, props: VoteReportProps) {
    super(scope, id, 'vote-report', props.database.namespace);
    new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name: this.componentName, namespace: this.namespace, labels: this.selectorLabels },
      spec: {
        schedule: props.schedule ?? '0 6 * * *',
        concurrencyPolicy: 'Forbid',
        jobTemplate: {
          spec: {
            template: {
              metadata: { labels: this.selectorLabels },
              spec: {
                restartPolicy: 'OnFailure',
                containers: [{
                  name: 'report',
                  image: 'postgres:12',
                  command: ['sh', '-c', 'PGPASSWORD="$POSTGRES_PASSWORD" psql -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "SELECT vote, count(*) FROM votes GROUP BY vote"'],
                  // useEnv records the connection (apply order, diagram, network policies), as the library's own constructs do.
                  env: this.useEnv(props.database.connectionEnv()),
                }],
              },
            },
          },
        },
      },
    });
  }
}

const app = new App();
const bernstein = new BernsteinChart(app, 'bernstein', {
  profile: 'modern',
  credentials: {
    user: 'bernstein',
    database: 'bernstein',
    password: process.env.POSTGRES_PASSWORD ?? 'development-only-password',
  },
});
new VoteReport(bernstein, 'VoteReport', { database: bernstein.postgres });

const outdir = process.argv[2];
if (outdir === undefined) {
  app.synth(); // cdk8s's own output: dist/bernstein.k8s.yaml
} else {
  const written = writeManifests(app, outdir);
  console.log(`wrote ${written.files.length} files to ${outdir}`);
}
