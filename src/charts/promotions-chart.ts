import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MongoDb } from '../constructs/mongodb';
import { NODE_SPREADING_VALUES, NodeSpreading } from '../constructs/placement';
import { StatelessApp } from '../constructs/stateless-app';
import { endpointUrl } from '../constructs/component';
import { HealthCheck } from '../constructs/health-check';
import { ContainerResources, checkResources, RestrictedRun } from '../constructs/workload-parts';
import { addNetworkPolicies } from '../network/policies';
import { constructPath, PropChecker } from '../validation/prop-checker';

/** Images of the promotions stack. The two applications are placeholders: build and push your own. */
export interface PromotionsImages {
  /** The application serving /GetPromotions and /SetPromotions (placeholder). */
  readonly api: string;
  /** The request-logging application (placeholder). */
  readonly logger: string;
  /** Image of mongodb. */
  readonly mongodb: string;
}

/** Default images; `promotions/*` do not exist on any registry. */
export const PROMOTIONS_IMAGES: PromotionsImages = {
  api: 'promotions/api:latest',
  logger: 'promotions/logger:latest',
  mongodb: 'mongo:7.0',
};

/**
 * The components whose default image is a placeholder no registry serves: the use case's own
 * applications, which its users build and push (docs/stacks.md says what each must provide).
 */
export const PROMOTIONS_PLACEHOLDER_IMAGES: readonly (keyof PromotionsImages)[] = ['api', 'logger'];

/** MongoDB root account, read from the environment by the stack. */
export interface PromotionsCredentials {
  /** MONGO_INITDB_ROOT_USERNAME, stored in the Secret. */
  readonly rootUser: string;
  /** MONGO_INITDB_ROOT_PASSWORD, stored in the Secret. */
  readonly rootPassword: string;
}

/** Props of {@link PromotionsChart}. */
export interface PromotionsChartProps {
  /** MongoDB root credentials. */
  readonly credentials: PromotionsCredentials;
  /** Database the applications use. @default 'promotions' */
  readonly database?: string;
  /** Image overrides. @default PROMOTIONS_IMAGES */
  readonly images?: Partial<PromotionsImages>;
  /** Host the Ingress routes to the API. @default 'promotions.local' */
  readonly host?: string;
  /** `kubernetes.io/ingress.class` of the Ingress (the cluster's controller; k3s ships Traefik). @default 'traefik' */
  readonly ingressClass?: string;
  /** Node port of the API's NodePort Service, the way in without an ingress controller. @default 30080 */
  readonly apiNodePort?: number;
  /** Port the API listens on. @default 8080 */
  readonly apiPort?: number;
  /** Port the logger listens on. @default 8080 */
  readonly loggerPort?: number;
  /** HTTP path of the API and logger answering 2xx when healthy (probes). @default '/healthz' */
  readonly healthCheckPath?: string;
  /** API pods, each on its own node. @default 2 */
  readonly apiReplicas?: number;
  /** Logger pods, each on its own node. @default 2 */
  readonly loggerReplicas?: number;
  /** Capacity of MongoDB's claim. @default '1Gi' */
  readonly storageSize?: string;
  /** StorageClass of MongoDB's claim. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** How replicated applications spread over nodes. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Resources of each API and logger pod. @default APP_RESOURCES */
  readonly appResources?: ContainerResources;
  /** Resources of MongoDB. @default MONGODB_RESOURCES */
  readonly mongodbResources?: ContainerResources;
  /**
   * Least privilege: NetworkPolicies from the wiring graph, every pod as Pod Security
   * "restricted" admits (the placeholder images as uid 10001, an assumption), a PodDisruptionBudget
   * per replicated component. @default false
   */
  readonly hardened?: boolean;
}

/**
 * How the placeholder application images run under the hardened profile: they do not exist yet, so
 * uid 10001 (no system account uses it) is an assumption the real images must meet, /tmp their only
 * writable directory.
 */
export const PLACEHOLDER_APP_RUN: RestrictedRun = { user: 10001, writablePaths: ['/tmp'] };

/** A small Node.js service. */
export const APP_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };
/** MongoDB's WiredTiger cache takes half of (limit − 1 GiB), at least 256 MiB. */
export const MONGODB_RESOURCES: ContainerResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };

/** Where MongoDB keeps its data, as the use case asks. */
export const PROMOTIONS_DATA_PATH = '/data/crf';

/**
 * Carrefour's promotions use case (seed 000): MongoDB on a persistent volume at /data/crf, the
 * promotions API (/GetPromotions, /SetPromotions; replicated on distinct nodes, reachable through
 * an Ingress and a NodePort), and a logger it calls for every request, reachable only inside the
 * cluster.
 */
export class PromotionsChart extends Chart {
  /** The database of the promotions API. */
  public readonly mongodb: MongoDb;
  /** The internal logger the API sends its logs to. */
  public readonly logger: StatelessApp;
  /** The replicated promotions API (Ingress and NodePort). */
  public readonly api: StatelessApp;

  constructor(scope: Construct, id: string, props: PromotionsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const images = { ...PROMOTIONS_IMAGES, ...props.images };
    const checker = new PropChecker('PromotionsChart', constructPath(scope, id))
      .host('host', props.host)
      .name('ingressClass', props.ingressClass)
      .nodePort('apiNodePort', props.apiNodePort)
      .port('apiPort', props.apiPort)
      .port('loggerPort', props.loggerPort)
      .urlPath('healthCheckPath', props.healthCheckPath)
      .replicas('apiReplicas', props.apiReplicas)
      .replicas('loggerReplicas', props.loggerReplicas)
      .quantity('storageSize', props.storageSize)
      .storageClassName('storageClassName', props.storageClassName)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES);
    for (const [component, image] of Object.entries(images)) checker.image(`images.${component}`, image);
    checkResources(checker, 'appResources', props.appResources);
    checkResources(checker, 'mongodbResources', props.mongodbResources).done();

    const spreading = props.spreading ?? 'required';
    const healthCheckPath = props.healthCheckPath ?? '/healthz';
    // Ready once the path answers; restarted only when it stops answering after a longer grace.
    const health = (port: number) => ({ readiness: HealthCheck.http(healthCheckPath, port), liveness: HealthCheck.http(healthCheckPath, port, { initialDelaySeconds: 15 }) });
    const loggerPort = props.loggerPort ?? 8080;
    const apiPort = props.apiPort ?? 8080;
    const apiReplicas = props.apiReplicas ?? 2;
    const loggerReplicas = props.loggerReplicas ?? 2;
    const appResources = props.appResources ?? APP_RESOURCES;

    this.mongodb = new MongoDb(this, 'MongoDb', {
      image: images.mongodb,
      credentials: { ...props.credentials, database: props.database ?? 'promotions' },
      dataPath: PROMOTIONS_DATA_PATH,
      storageSize: props.storageSize,
      storageClassName: props.storageClassName,
      resources: props.mongodbResources ?? MONGODB_RESOURCES,
      restricted: props.hardened,
    });
    const appRun = props.hardened ? PLACEHOLDER_APP_RUN : undefined;

    // No nodePort and no route: the logger is reachable only inside the cluster.
    this.logger = new StatelessApp(this, 'Logger', {
      name: 'logger',
      image: images.logger,
      replicas: loggerReplicas,
      // High availability, as the use case asks: a drain never takes every replica down.
      maxUnavailable: loggerReplicas > 1 ? 1 : undefined,
      port: loggerPort,
      ...health(loggerPort),
      env: this.mongodb.connectionEnv(),
      resources: appResources,
      spreading,
      restricted: appRun,
    });

    this.api = new StatelessApp(this, 'Api', {
      name: 'promotions',
      image: images.api,
      replicas: apiReplicas,
      maxUnavailable: apiReplicas > 1 ? 1 : undefined,
      port: apiPort,
      nodePort: props.apiNodePort ?? 30080,
      route: { host: props.host ?? 'promotions.local', controller: { ingressClass: props.ingressClass ?? 'traefik' } },
      ...health(apiPort),
      env: this.mongodb.connectionEnv(),
      config: { LOGGER_URL: endpointUrl(this.logger.endpoint()) },
      resources: appResources,
      spreading,
      restricted: appRun,
    });
    if (props.hardened) addNetworkPolicies(this);
  }
}
