import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component, Endpoint } from './component';
import { HealthCheck } from './health-check';
import { EnvBinding, leadingTo } from './env-binding';
import { ConfigSource } from './config-source';
import { PropChecker } from '../validation/prop-checker';
import { checkResources, ContainerResources, deploymentProps, resourceRequirements, RestrictedRun, serviceProps } from './workload-parts';

/** Props of {@link Redis}. */
export interface RedisProps {
  /** Component name: Deployment and Service name, file stem. @default 'redis' */
  readonly name?: string;
  /** Container image. @default 'redis:5.0' */
  readonly image?: string;
  /** Namespace. @default 'default' */
  readonly namespace?: string;
  /** Port of the server and its Service. @default 6379 */
  readonly port?: number;
  /** CPU and memory requests and limits. @default - none */
  readonly resources?: ContainerResources;
  /**
   * Run as Pod Security "restricted" admits, as the official image's `redis` user (uid/gid 999),
   * with a read-only root file system and /data (where it saves snapshots) writable.
   * @default false
   */
  readonly restricted?: boolean;
}

/** How the official Redis image runs restricted: its own `redis` user, snapshots in /data (docs/facts.md#image-users). */
export const REDIS_RESTRICTED_RUN: RestrictedRun = { user: 999, group: 999, writablePaths: ['/data'] };

/**
 * A single Redis server (the vote queue): a ConfigMap with its client settings, a
 * Deployment with probes, and a ClusterIP Service.
 *
 * @example
 * const redis = new Redis(chart, 'Redis');
 * new StatelessApp(chart, 'Worker', { name: 'worker', image: 'shop/worker:1.0', env: redis.connectionEnv() });
 */
export class Redis extends Component {
  /** Service name clients resolve (the component name). */
  public readonly serviceName: string;
  /** Port of the server and its Service. */
  public readonly port: number;
  /** The ConfigMap holding REDIS_HOST for clients. */
  public readonly config: ConfigSource;

  constructor(scope: Construct, id: string, props: RedisProps = {}) {
    super(scope, id, props.name ?? 'redis', props.namespace ?? 'default');
    const checker = new PropChecker(`Redis ${this.componentName}`)
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .port('port', props.port);
    checkResources(checker, 'resources', props.resources).done();
    this.serviceName = this.componentName;
    this.port = props.port ?? 6379;

    this.config = new ConfigSource(this, 'Config', {
      name: `${this.componentName}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels: this.selectorLabels,
      entries: { REDIS_HOST: this.serviceName },
    });

    const ping = HealthCheck.command(['redis-cli', '-p', String(this.port), 'ping']);
    new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: this.componentName,
      namespace: this.namespace,
      podLabels: this.selectorLabels,
      replicas: 1,
      containers: [{
        name: this.componentName,
        image: props.image ?? 'redis:5.0',
        args: this.port === 6379 ? undefined : ['--port', String(this.port)],
        ports: [{ name: 'redis', containerPort: this.port }],
        resources: resourceRequirements(props.resources),
        readinessProbe: ping.toProbe(),
        livenessProbe: ping.withInitialDelay(15).toProbe(),
      }],
      restricted: props.restricted ? REDIS_RESTRICTED_RUN : undefined,
    }));

    new k8s.KubeService(this, 'Service', serviceProps({
      name: this.serviceName,
      namespace: this.namespace,
      selector: this.selectorLabels,
      ports: [{ name: 'redis', port: this.port }],
    }));
  }

  /** The server's Service port, for clients. */
  public get endpoint(): Endpoint {
    return { component: this, serviceName: this.serviceName, portName: 'redis', port: this.port };
  }

  /** The variables a Redis client needs (REDIS_HOST), by reference to the ConfigMap; a client given them connects to this server. */
  public connectionEnv(): EnvBinding[] {
    return leadingTo(this.endpoint, [this.config.bind('REDIS_HOST')]);
  }
}
