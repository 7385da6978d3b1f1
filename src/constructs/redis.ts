import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component, Endpoint, qualifiedServiceHost } from './component';
import { HealthCheck } from './health-check';
import { EnvBinding, leadingTo } from './env-binding';
import { ConfigSource } from './config-source';
import { PropChecker, ValidationError } from '../validation/prop-checker';
import { checkResources, ContainerResources, deploymentProps, resourceRequirements, RestrictedRun, serviceProps } from './workload-parts';

/** Props of {@link Redis}. */
export interface RedisProps {
  /** Component name: Deployment and Service name, file stem. @default 'redis' */
  readonly name?: string;
  /** Container image: the official one or one built from it (probes use its `redis-cli`). @default DEFAULT_REDIS_IMAGE */
  readonly image?: string;
  /** Namespace. @default 'default' */
  readonly namespace?: string;
  /** Port of the server and its Service; clients read it as REDIS_PORT. @default 6379 */
  readonly port?: number;
  /**
   * Leave REDIS_PORT out of the client ConfigMap, for clients that know only REDIS_HOST and dial
   * Redis' default port (the Bernstein spec's ConfigMap holds REDIS_HOST alone). Only with the
   * default port: on another port such clients would dial a port nobody listens on.
   * @default false
   */
  readonly omitDefaultPort?: boolean;
  /** CPU and memory requests and limits. @default - none */
  readonly resources?: ContainerResources;
  /**
   * Run as Pod Security "restricted" admits, as the official image's `redis` user (uid/gid 999),
   * with a read-only root file system and /data (where it saves snapshots) writable.
   * @default false
   */
  readonly restricted?: boolean;
}

/** Default image of {@link Redis}: a maintained release line of the official image (docs/facts.md#default-images-are-current-releases). */
export const DEFAULT_REDIS_IMAGE = 'redis:7.4';

/** Redis' own default port; clients that read no port dial it. */
const DEFAULT_PORT = 6379;
const PORT_NAME = 'redis';

/** How the official Redis image runs restricted: its own `redis` user, snapshots in /data (docs/facts.md#image-users). */
export const REDIS_RESTRICTED_RUN: RestrictedRun = { user: 999, group: 999, writablePaths: ['/data'] };

/**
 * A single Redis server: a ConfigMap with its client settings (REDIS_HOST, REDIS_PORT), a
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
  /** The ConfigMap holding REDIS_HOST and REDIS_PORT for clients. */
  public readonly config: ConfigSource;
  /** The server's Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The ClusterIP Service clients resolve. */
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: RedisProps = {}) {
    super(scope, id, props.name ?? 'redis', props.namespace ?? 'default');
    const checker = new PropChecker(`Redis ${this.componentName}`, this.node.path)
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .port('port', props.port)
      .require(!(props.omitDefaultPort && props.port !== undefined && props.port !== DEFAULT_PORT), `omitDefaultPort true is invalid with port ${props.port}; allowed: omitDefaultPort with the default port ${DEFAULT_PORT} only (clients reading no REDIS_PORT dial ${DEFAULT_PORT})`);
    checkResources(checker, 'resources', props.resources).done();
    this.serviceName = this.componentName;
    this.port = props.port ?? DEFAULT_PORT;

    this.config = new ConfigSource(this, 'Config', {
      name: `${this.componentName}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels: this.selectorLabels,
      entries: { REDIS_HOST: this.serviceName, ...(props.omitDefaultPort ? {} : { REDIS_PORT: String(this.port) }) },
      elsewhere: { REDIS_HOST: qualifiedServiceHost(this.serviceName, this.namespace) },
    });

    const ping = HealthCheck.command(['redis-cli', '-p', String(this.port), 'ping']);
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: this.componentName,
      namespace: this.namespace,
      podLabels: this.selectorLabels,
      replicas: 1,
      containers: [{
        name: this.componentName,
        image: props.image ?? DEFAULT_REDIS_IMAGE,
        args: this.port === DEFAULT_PORT ? undefined : ['--port', String(this.port)],
        ports: [{ name: PORT_NAME, containerPort: this.port }],
        resources: resourceRequirements(props.resources),
        readinessProbe: ping.toProbe(),
        livenessProbe: ping.withInitialDelay(15).toProbe(),
      }],
      restricted: props.restricted ? REDIS_RESTRICTED_RUN : undefined,
    }));

    this.service = new k8s.KubeService(this, 'Service', serviceProps({
      name: this.serviceName,
      namespace: this.namespace,
      selector: this.selectorLabels,
      ports: [{ name: PORT_NAME, port: this.port }],
    }));
  }

  /** The server's Service port (`redis`, its only one), for clients. */
  public endpoint(portName: string = PORT_NAME): Endpoint {
    if (portName !== PORT_NAME) throw new ValidationError([`Redis ${this.componentName}: endpoint portName "${portName}" is invalid; allowed: ${PORT_NAME}`], this.node.path);
    return { component: this, serviceName: this.serviceName, portName, port: this.port };
  }

  /**
   * The variables a Redis client needs (REDIS_HOST, and REDIS_PORT unless `omitDefaultPort`), by
   * reference to the ConfigMap; a client given them connects to this server.
   */
  public connectionEnv(): EnvBinding[] {
    const keys = this.config.has('REDIS_PORT') ? ['REDIS_HOST', 'REDIS_PORT'] : ['REDIS_HOST'];
    return leadingTo(this.endpoint(), keys.map((key) => this.config.bind(key)));
  }
}
