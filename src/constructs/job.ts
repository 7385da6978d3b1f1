import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { checkPodFieldEnv, PodField } from './env-binding';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { podTemplate } from './workload-parts';
import { checkContainerOptions, checkPodOptions, ContainerOptions, labelObjects, PodOptions, podSurfaceParts, renderContainer, renderPod } from './workload-surface';

/** How a Job's pod is restarted when its container fails. */
export type JobRestartPolicy = 'OnFailure' | 'Never';

/** Allowed values of {@link JobRestartPolicy}. */
export const JOB_RESTART_POLICIES: readonly JobRestartPolicy[] = ['OnFailure', 'Never'];

/** Props of {@link Job}, and of each run of a {@link CronJob}. */
export interface JobProps extends ContainerOptions, PodOptions {
  /** Component name: Job name, `app` label of its pods, file stem. */
  readonly name: string;
  /** Container image reference. */
  readonly image: string;
  /** Namespace of its objects. @default 'default' */
  readonly namespace?: string;
  /** Variables read from the pod itself (downward API), set before all others. @default - none */
  readonly podFieldEnv?: Readonly<Record<string, PodField>>;
  /** Retries before the run counts as failed. @default - Kubernetes' default (6) */
  readonly backoffLimit?: number;
  /** Seconds a run may take in all before it is stopped and counted as failed. @default - no deadline */
  readonly activeDeadlineSeconds?: number;
  /** Seconds a finished Job (and its pods' logs) is kept before Kubernetes deletes it. @default - kept until deleted */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * `Never`: a failed container makes a new pod (the failed one stays for its logs); `OnFailure`:
   * the same pod restarts it. @default 'Never'
   */
  readonly restartPolicy?: JobRestartPolicy;
}

const count = (value: number | undefined): boolean => value === undefined || (Number.isInteger(value) && value >= 0);

/** Validates the props every Job and CronJob shares, under `owner`. */
export function checkJobProps(checker: PropChecker, props: JobProps): PropChecker {
  checker
    .name('name', props.name)
    .image('image', props.image)
    .namespace('namespace', props.namespace)
    .oneOf('restartPolicy', props.restartPolicy, JOB_RESTART_POLICIES)
    .require(count(props.backoffLimit), `backoffLimit ${props.backoffLimit} is invalid; allowed: an integer >= 0`)
    .require(props.activeDeadlineSeconds === undefined || (Number.isInteger(props.activeDeadlineSeconds) && props.activeDeadlineSeconds >= 1), `activeDeadlineSeconds ${props.activeDeadlineSeconds} is invalid; allowed: an integer >= 1`)
    .require(count(props.ttlSecondsAfterFinished), `ttlSecondsAfterFinished ${props.ttlSecondsAfterFinished} is invalid; allowed: an integer >= 0`);
  checkPodFieldEnv(checker, 'podFieldEnv', props.podFieldEnv);
  checkContainerOptions(checker, '', props);
  return checkPodOptions(checker, props);
}

/** The Job spec of `props` for pods of `owner`, recording their wiring; and the ServiceAccount written, if any. */
export function jobSpec(owner: Component, props: JobProps): { spec: k8s.JobSpec; serviceAccount: k8s.KubeServiceAccount | undefined; persistentVolumeClaims: readonly k8s.KubePersistentVolumeClaim[] } {
  const main = renderContainer(owner, props.name, props.image, props, { podFieldEnv: props.podFieldEnv });
  const pod = renderPod(owner, props, [main]);
  const spec: k8s.JobSpec = {
    backoffLimit: props.backoffLimit,
    activeDeadlineSeconds: props.activeDeadlineSeconds,
    ttlSecondsAfterFinished: props.ttlSecondsAfterFinished,
    template: podTemplate({
      podLabels: owner.selectorLabels,
      replicas: 1,
      containers: [main.container],
      ...podSurfaceParts(pod, props),
      // Service links inject `<SVC>_PORT=tcp://…`, which breaks programs reading *_PORT as a number.
      enableServiceLinks: false,
      restricted: props.restricted,
      restartPolicy: props.restartPolicy ?? 'Never',
    }),
  };
  return { spec, serviceAccount: pod.serviceAccount, persistentVolumeClaims: pod.persistentVolumeClaims };
}

/**
 * A program run to completion once (a migration, an import): a Job whose pod takes the same
 * bindings, volumes, resources, restricted run and placement as any workload, and joins the
 * wiring graph like any component (apply order after what it reads, network policies for its
 * connections).
 *
 * @example
 * const db = new Postgres(chart, 'Db', { credentials: { user: 'shop', password: 'dev-only', database: 'shop' } });
 * new Job(chart, 'Migrate', {
 *   name: 'migrate', image: 'shop/migrations:1.0', command: ['./migrate', 'up'],
 *   env: db.connectionEnv(), backoffLimit: 2, ttlSecondsAfterFinished: 3600,
 * });
 */
export class Job extends Component {
  /** The Job object. */
  public readonly job: k8s.KubeJob;
  /** The ServiceAccount written for `ServiceAccount.own()`; undefined otherwise. */
  public readonly serviceAccount: k8s.KubeServiceAccount | undefined;
  /** The claims written for `Volume.claim(...)` mounts (`<component>-<volume>`), in mount order. */
  public readonly persistentVolumeClaims: readonly k8s.KubePersistentVolumeClaim[];

  constructor(scope: Construct, id: string, props: JobProps) {
    checkJobProps(new PropChecker(`Job ${props.name}`, constructPath(scope, id)), props).done();
    super(scope, id, props.name, props.namespace ?? 'default');
    const { spec, serviceAccount, persistentVolumeClaims } = jobSpec(this, props);
    this.serviceAccount = serviceAccount;
    this.persistentVolumeClaims = persistentVolumeClaims;
    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: { name: props.name, namespace: this.namespace, labels: { ...this.selectorLabels } },
      spec,
    });
    labelObjects(this, props.labels, props.annotations);
  }
}
