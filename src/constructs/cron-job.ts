import { Cron } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { checkJobProps, JobProps, jobSpec } from './job';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { labelObjects } from './workload-surface';

/** What a CronJob does when a run is due while the previous one still runs. */
export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

/** Allowed values of {@link ConcurrencyPolicy}. */
export const CONCURRENCY_POLICIES: readonly ConcurrencyPolicy[] = ['Allow', 'Forbid', 'Replace'];

/** Props of {@link CronJob}. */
export interface CronJobProps extends JobProps {
  /** When runs start, e.g. `Cron.daily()` or `Cron.schedule({ minute: '30', hour: '2' })` (cdk8s' `Cron`). */
  readonly schedule: Cron;
  /** IANA time zone the schedule is read in, e.g. `Europe/Paris`. @default - the kube-controller-manager's zone */
  readonly timeZone?: string;
  /** A run due while the previous one runs: started anyway, skipped, or replacing it. @default 'Forbid' */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /** Seconds after its time a missed run may still start. @default - no deadline */
  readonly startingDeadlineSeconds?: number;
  /** Start no runs until set back to false. @default false */
  readonly suspend?: boolean;
  /** Finished successful Jobs kept. @default - Kubernetes' default (3) */
  readonly successfulJobsHistoryLimit?: number;
  /** Finished failed Jobs kept. @default - Kubernetes' default (1) */
  readonly failedJobsHistoryLimit?: number;
}

// Five fields, or one of the macros the CronJob controller accepts.
const SCHEDULE = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|\S+(\s+\S+){4})$/;
const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * A program run on a schedule (a nightly backup, a report): a CronJob whose pods take the same
 * bindings, volumes, resources, restricted run and placement as any workload, and join the wiring
 * graph like any component. Overlapping runs are forbidden unless `concurrencyPolicy` says otherwise.
 *
 * @example
 * const db = new Postgres(chart, 'Db', { credentials: { user: 'shop', password: 'dev-only', database: 'shop' } });
 * new CronJob(chart, 'Backup', {
 *   name: 'backup', image: 'postgres:17', schedule: Cron.schedule({ minute: '30', hour: '2' }),
 *   command: ['sh', '-c', 'PGPASSWORD="$POSTGRES_PASSWORD" pg_dump -h "$POSTGRES_HOST" -U "$POSTGRES_USER" "$POSTGRES_DB" > /backups/$(date +%F).sql'],
 *   env: db.connectionEnv(),
 *   mounts: [{ path: '/backups', volume: Volume.claim('backups', { size: '5Gi' }) }],
 * });
 */
export class CronJob extends Component {
  /** The CronJob object. */
  public readonly cronJob: k8s.KubeCronJob;
  /** The ServiceAccount written for `ServiceAccount.own()`; undefined otherwise. */
  public readonly serviceAccount: k8s.KubeServiceAccount | undefined;
  /** The claims written for `Volume.claim(...)` mounts (`<component>-<volume>`), in mount order. */
  public readonly persistentVolumeClaims: readonly k8s.KubePersistentVolumeClaim[];

  constructor(scope: Construct, id: string, props: CronJobProps) {
    const schedule = props.schedule.expressionString;
    const count = (value: number | undefined): boolean => value === undefined || (Number.isInteger(value) && value >= 0);
    checkJobProps(new PropChecker(`CronJob ${props.name}`, constructPath(scope, id)), props)
      .require(SCHEDULE.test(schedule.trim()), `schedule "${schedule}" is invalid; allowed: five cron fields (minute hour day month weekday) or @hourly, @daily, @weekly, @monthly, @yearly`)
      .require(props.timeZone === undefined || TIME_ZONE.test(props.timeZone), `timeZone "${props.timeZone}" is invalid; allowed: an IANA time zone such as Europe/Paris or Etc/UTC`)
      .oneOf('concurrencyPolicy', props.concurrencyPolicy, CONCURRENCY_POLICIES)
      .require(props.startingDeadlineSeconds === undefined || (Number.isInteger(props.startingDeadlineSeconds) && props.startingDeadlineSeconds >= 1), `startingDeadlineSeconds ${props.startingDeadlineSeconds} is invalid; allowed: an integer >= 1`)
      .require(count(props.successfulJobsHistoryLimit), `successfulJobsHistoryLimit ${props.successfulJobsHistoryLimit} is invalid; allowed: an integer >= 0`)
      .require(count(props.failedJobsHistoryLimit), `failedJobsHistoryLimit ${props.failedJobsHistoryLimit} is invalid; allowed: an integer >= 0`)
      .done();
    super(scope, id, props.name, props.namespace ?? 'default');
    const { spec, serviceAccount, persistentVolumeClaims } = jobSpec(this, props);
    this.serviceAccount = serviceAccount;
    this.persistentVolumeClaims = persistentVolumeClaims;
    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name: props.name, namespace: this.namespace, labels: { ...this.selectorLabels } },
      spec: {
        schedule: schedule.trim(),
        timeZone: props.timeZone,
        concurrencyPolicy: props.concurrencyPolicy ?? 'Forbid',
        startingDeadlineSeconds: props.startingDeadlineSeconds,
        suspend: props.suspend,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit,
        jobTemplate: { metadata: { labels: { ...this.selectorLabels } }, spec },
      },
    });
    labelObjects(this, props.labels, props.annotations);
  }
}
