import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { MySql, MySqlCredentials } from '../constructs/mysql';
import { Namespace } from '../constructs/namespace';
import { NODE_SPREADING_VALUES, NodeSpreading } from '../constructs/placement';
import { StatelessApp } from '../constructs/stateless-app';
import { endpointUrl } from '../constructs/component';
import { ContainerResources, checkResources } from '../constructs/workload-parts';
import { addNetworkPolicies } from '../network/policies';
import { PLACEHOLDER_APP_RUN } from './promotions-chart';
import { constructPath, PropChecker } from '../validation/prop-checker';

/** Images of the lifespan stack. Backend and frontend are placeholders: build them from the project's Dockerfiles. */
export interface LifespanImages {
  /** Image of mysql. */
  readonly mysql: string;
  /** Flask API (placeholder). */
  readonly backend: string;
  /** React UI (placeholder). */
  readonly frontend: string;
}

/** Default images; `lifespan/*` do not exist on any registry. */
export const LIFESPAN_IMAGES: LifespanImages = {
  mysql: 'mysql:8.0',
  backend: 'lifespan/backend:latest',
  frontend: 'lifespan/frontend:latest',
};

/** The components whose default image is a placeholder no registry serves: built from the project's Dockerfiles. */
export const LIFESPAN_PLACEHOLDER_IMAGES: readonly (keyof LifespanImages)[] = ['backend', 'frontend'];

/** Props of {@link LifespanChart}. */
export interface LifespanChartProps {
  /** MySQL root password, application user and password (Secret), database name (ConfigMaps). */
  readonly credentials: MySqlCredentials;
  /** Namespace holding every object of the stack. @default 'lifespan' */
  readonly namespace?: string;
  /** Image overrides. @default LIFESPAN_IMAGES */
  readonly images?: Partial<LifespanImages>;
  /** Capacity of MySQL's claim. @default '2Gi' */
  readonly storageSize?: string;
  /** StorageClass of MySQL's claim. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** Port of the Flask API and its Service. @default 5000 */
  readonly backendPort?: number;
  /** Port of the React server. @default 3000 */
  readonly frontendPort?: number;
  /** Node port of the frontend's NodePort Service. @default 30001 */
  readonly frontendNodePort?: number;
  /** FLASK_ENV of the backend. @default 'production' */
  readonly flaskEnv?: string;
  /** Variable holding the backend URL in the frontend's ConfigMap. @default 'REACT_APP_BACKEND_URL' */
  readonly backendUrlVariable?: string;
  /** Backend pods. @default 1 */
  readonly backendReplicas?: number;
  /** Frontend pods. @default 1 */
  readonly frontendReplicas?: number;
  /** How replicated applications spread over nodes. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Resources of each backend pod. @default BACKEND_RESOURCES */
  readonly backendResources?: ContainerResources;
  /** Resources of each frontend pod. @default FRONTEND_RESOURCES */
  readonly frontendResources?: ContainerResources;
  /** Resources of MySQL. @default MYSQL_RESOURCES */
  readonly mysqlResources?: ContainerResources;
  /**
   * Least privilege: NetworkPolicies from the wiring graph, every pod as Pod Security
   * "restricted" admits in a namespace that enforces it (the placeholder images as uid 10001, an assumption), a PodDisruptionBudget
   * per replicated component. @default false
   */
  readonly hardened?: boolean;
}

/** Flask plus the prediction model. */
export const BACKEND_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } };
/** The React development server (CHOKIDAR_USEPOLLING says it is one) needs room for webpack. */
export const FRONTEND_RESOURCES: ContainerResources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } };
/** MySQL 8 with its default buffer pool (128M). */
export const MYSQL_RESOURCES: ContainerResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };

const FLASK_ENV = /^[a-z]+$/;

/**
 * The lifespan prediction app (seed 004) in its own namespace: MySQL on a dynamically provisioned
 * 2Gi claim, the Flask backend behind a ClusterIP Service on 5000, and the React frontend behind
 * a NodePort Service (3000, node port 30001); one ConfigMap each for MySQL, backend and frontend.
 */
export class LifespanChart extends Chart {
  /** The namespace the stack creates and puts every object in. */
  public readonly appNamespace: Namespace;
  /** The database of the backend. */
  public readonly mysql: MySql;
  /** The flask backend. */
  public readonly backend: StatelessApp;
  /** The react frontend (NodePort). */
  public readonly frontend: StatelessApp;

  constructor(scope: Construct, id: string, props: LifespanChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const images = { ...LIFESPAN_IMAGES, ...props.images };
    const urlVariable = props.backendUrlVariable ?? 'REACT_APP_BACKEND_URL';
    const flaskEnv = props.flaskEnv ?? 'production';
    const checker = new PropChecker('LifespanChart', constructPath(scope, id))
      .namespace('namespace', props.namespace)
      .quantity('storageSize', props.storageSize)
      .storageClassName('storageClassName', props.storageClassName)
      .port('backendPort', props.backendPort)
      .port('frontendPort', props.frontendPort)
      .nodePort('frontendNodePort', props.frontendNodePort)
      .require(FLASK_ENV.test(flaskEnv), `flaskEnv "${flaskEnv}" is invalid; allowed: a lower-case word such as production or development`)
      .envName('backendUrlVariable', urlVariable)
      .require(urlVariable !== 'CHOKIDAR_USEPOLLING', 'backendUrlVariable "CHOKIDAR_USEPOLLING" is invalid; allowed: any other name (the frontend ConfigMap has that key already)')
      .replicas('backendReplicas', props.backendReplicas)
      .replicas('frontendReplicas', props.frontendReplicas)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES);
    for (const [component, image] of Object.entries(images)) checker.image(`images.${component}`, image);
    checkResources(checker, 'backendResources', props.backendResources);
    checkResources(checker, 'frontendResources', props.frontendResources);
    checkResources(checker, 'mysqlResources', props.mysqlResources).done();
    const spreading = props.spreading ?? 'required';

    const hardened = props.hardened ?? false;
    this.appNamespace = new Namespace(this, 'Namespace', { name: props.namespace ?? 'lifespan', podSecurity: hardened ? 'restricted' : undefined });
    const namespace = this.appNamespace.name;

    this.mysql = new MySql(this, 'MySql', {
      namespace,
      image: images.mysql,
      credentials: props.credentials,
      storageSize: props.storageSize ?? '2Gi',
      storageClassName: props.storageClassName,
      resources: props.mysqlResources ?? MYSQL_RESOURCES,
      restricted: hardened,
    });
    const db = this.mysql.connection;

    this.backend = new StatelessApp(this, 'Backend', {
      name: 'backend',
      namespace,
      image: images.backend,
      replicas: props.backendReplicas ?? 1,
      port: props.backendPort ?? 5000,
      // Where and as whom to connect come from MySQL's own ConfigMap and Secret; the database name
      // and Flask mode from the backend's ConfigMap, as the project's docker-compose file has them.
      env: [db.host, db.port, db.user, db.password],
      config: { MYSQL_DATABASE: this.mysql.database, FLASK_ENV: flaskEnv },
      resources: props.backendResources ?? BACKEND_RESOURCES,
      spreading,
      restricted: hardened ? PLACEHOLDER_APP_RUN : undefined,
    });

    this.frontend = new StatelessApp(this, 'Frontend', {
      name: 'frontend',
      namespace,
      image: images.frontend,
      replicas: props.frontendReplicas ?? 1,
      port: props.frontendPort ?? 3000,
      nodePort: props.frontendNodePort ?? 30001,
      config: {
        [urlVariable]: endpointUrl(this.backend.endpoint()),
        // From the project's docker-compose file: the React development server watches files by polling.
        CHOKIDAR_USEPOLLING: 'true',
      },
      resources: props.frontendResources ?? FRONTEND_RESOURCES,
      spreading,
      // The React development server writes its build cache under the app's own folder
      // (node_modules/.cache): the root file system stays writable, every other restriction holds.
      restricted: hardened ? { ...PLACEHOLDER_APP_RUN, readOnlyRootFilesystem: false } : undefined,
    });
    if (hardened) addNetworkPolicies(this);
  }
}
