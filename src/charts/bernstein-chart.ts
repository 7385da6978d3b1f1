import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Cadvisor, CADVISOR_RESOURCES, NODE_RUNTIMES, NodeRuntime } from '../constructs/cadvisor';
import { addNetworkPolicies } from '../network/policies';
import { ContainerResources, RestrictedRun } from '../constructs/workload-parts';
import { NODE_SPREADING_VALUES, NodeSpreading } from '../constructs/placement';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { Postgres, PostgresCredentials } from '../constructs/postgres';
import { Redis } from '../constructs/redis';
import { Traefik, TRAEFIK_ROUTINGS, TraefikGeneration, TraefikRouting } from '../constructs/traefik';
import { StatelessApp } from '../constructs/stateless-app';

/**
 * Which manifests to write.
 * - `spec`: exactly what the Bernstein specification asks (Traefik 1.7, google/cadvisor:latest);
 *   routes traffic on Kubernetes <= 1.21 only (docs/facts.md#traefik-17-routes-nothing-on-kubernetes-122-and-later).
 * - `modern`: the spec's files with Traefik v3 (and its IngressClass) and a current cAdvisor;
 *   routes on current clusters, through Ingresses or (routing `gateway`) the Gateway API.
 * - `hardened`: `modern` with least privilege: network policies from the wiring graph, every pod
 *   but cAdvisor as Pod Security "restricted" admits, requests and limits everywhere,
 *   disruption budgets for the replicated components.
 */
export type Profile = 'spec' | 'modern' | 'hardened';

/** Allowed values of {@link Profile}. */
export const PROFILES: readonly Profile[] = ['spec', 'modern', 'hardened'];

/**
 * The user the application images (epitechcontent/t-dop-600-*) run as under the hardened profile.
 * Their Dockerfiles are not published: 10001 is an assumption (any non-root uid the programs can
 * run as), with /tmp their only writable directory.
 */
export const BERNSTEIN_APP_RUN: RestrictedRun = { user: 10001, writablePaths: ['/tmp'] };

/** Requests and limits of the hardened profile (the spec gives memory limits to poll, worker and result only, kept as they are). */
export const HARDENED_RESOURCES: Readonly<Record<'redis' | 'postgres' | 'poll' | 'worker' | 'result' | 'traefik', ContainerResources>> = {
  redis: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
  postgres: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  poll: { requests: { cpu: '50m', memory: '64M' }, limits: { memory: '128M' } },
  worker: { requests: { cpu: '50m', memory: '128M' }, limits: { memory: '256M' } },
  result: { requests: { cpu: '50m', memory: '64M' }, limits: { memory: '128M' } },
  traefik: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '256Mi' } },
};

/**
 * SQL postgres runs once on an empty data directory: the table the worker writes to, which the
 * worker never creates (docs/facts.md#the-votes-table).
 */
export const VOTES_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS votes (id text PRIMARY KEY, vote text NOT NULL);\n';

/** Images of the application's own components. */
export interface BernsteinImages {
  /** Image of redis. */
  readonly redis: string;
  /** Image of postgres. */
  readonly postgres: string;
  /** Image of the poll web app. */
  readonly poll: string;
  /** Image of the worker (redis → postgres). */
  readonly worker: string;
  /** Image of the result web app. */
  readonly result: string;
}


/** The spec's images. */
export const BERNSTEIN_IMAGES: BernsteinImages = {
  redis: 'redis:5.0',
  postgres: 'postgres:12',
  poll: 'epitechcontent/t-dop-600-poll:k8s',
  worker: 'epitechcontent/t-dop-600-worker:k8s',
  result: 'epitechcontent/t-dop-600-result:k8s',
};

/**
 * Where a profile keeps postgres' data:
 * - `node-local`: the spec's hand-made hostPath PersistentVolume (a node directory), pinned to a
 *   node with `dataNode`;
 * - `provisioned`: a claim the cluster provisions from its default StorageClass (or
 *   `storageClassName`); the provisioned volume carries its own node affinity.
 */
export type DataStorage = 'node-local' | 'provisioned';

/** What each profile changes: the load balancer line, the monitoring image, the storage. */
interface ProfileSettings {
  readonly storage: DataStorage;
  readonly traefik: TraefikGeneration;
  readonly cadvisorImage: string;
  /** Whether cAdvisor is told the nodes' runtime socket (`nodeRuntime`); the spec's image runs as written. */
  readonly cadvisorKnowsRuntime: boolean;
  readonly cadvisorPrivileged: boolean;
  /** Least privilege: network policies, restricted pods, resources, disruption budgets. */
  readonly hardened: boolean;
}

const PROFILE_SETTINGS: Readonly<Record<Profile, ProfileSettings>> = {
  spec: { storage: 'node-local', traefik: 'v1', cadvisorImage: 'google/cadvisor:latest', cadvisorKnowsRuntime: false, cadvisorPrivileged: false, hardened: false },
  modern: {
    storage: 'provisioned',
    traefik: 'v3',
    // google/cadvisor:latest is v0.33 (2019) and fails on cgroup-v2 nodes; images moved to ghcr.io.
    cadvisorImage: 'ghcr.io/google/cadvisor:0.54.0',
    cadvisorKnowsRuntime: true,
    cadvisorPrivileged: true,
    hardened: false,
  },
  hardened: {
    storage: 'provisioned',
    traefik: 'v3',
    cadvisorImage: 'ghcr.io/google/cadvisor:0.54.0',
    cadvisorKnowsRuntime: true,
    // cAdvisor reads the host's cgroups, /dev/kmsg and the runtime socket: it cannot be restricted
    // and stays privileged in kube-system, which Pod Security admission exempts.
    cadvisorPrivileged: true,
    hardened: true,
  },
};

/** Routings of `profile`: Traefik 1.7 (`spec`) knows no Gateway API. */
export function profileRoutings(profile: Profile): readonly TraefikRouting[] {
  return PROFILE_SETTINGS[profile].traefik === 'v3' ? TRAEFIK_ROUTINGS : ['ingress'];
}

/** Whether `profile` tells cAdvisor the nodes' runtime (`nodeRuntime`). */
export function profileKnowsNodeRuntime(profile: Profile): boolean {
  return PROFILE_SETTINGS[profile].cadvisorKnowsRuntime;
}

/** Where `profile` keeps postgres' data. */
export function profileStorage(profile: Profile): DataStorage {
  return PROFILE_SETTINGS[profile].storage;
}

/** Node directory of the node-local profiles' postgres volume, as the spec has it. */
export const POSTGRES_HOST_PATH = '/data/postgres';

/** Props of {@link BernsteinChart}. */
export interface BernsteinChartProps {
  /** PostgreSQL credentials (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB). */
  readonly credentials: PostgresCredentials;
  /** Manifest profile. @default 'spec' */
  readonly profile?: Profile;
  /** How replicated services (poll, result, traefik) spread over nodes. @default 'required' */
  readonly spreading?: NodeSpreading;
  /** Image overrides of the application components. @default BERNSTEIN_IMAGES */
  readonly images?: Partial<BernsteinImages>;
  /**
   * Node holding postgres' data with a `node-local` profile: the hostPath volume gets a required
   * node affinity on it, so postgres runs only there. Not with a `provisioned` profile.
   * @default - unpinned (the data stays on whichever node first runs postgres)
   */
  readonly dataNode?: string;
  /** StorageClass of postgres' claim with a `provisioned` profile; not with a `node-local` one. @default - the cluster's default class */
  readonly storageClassName?: string;
  /**
   * How poll and result are routed: `ingress` (Ingresses) or `gateway` (Gateway API HTTPRoutes
   * through a Gateway on Traefik; the cluster needs the Gateway API CRDs). `gateway` needs a
   * profile running Traefik v3 (modern, hardened). @default 'ingress'
   */
  readonly routing?: TraefikRouting;
  /**
   * Container runtime of the nodes, for cAdvisor's runtime socket (modern, hardened; the spec's
   * cAdvisor runs as written). @default 'containerd'
   */
  readonly nodeRuntime?: NodeRuntime;
  /** Host routed to poll. @default 'poll.dop.io' */
  readonly pollHost?: string;
  /** Host routed to result. @default 'result.dop.io' */
  readonly resultHost?: string;
}

/**
 * The Bernstein poll application in one chart: cadvisor, postgres, redis, poll, worker,
 * result and traefik, wired by reference (each client reads its settings from the
 * ConfigMaps and Secret that the database constructs expose).
 *
 * @example
 * const app = new App();
 * const bernstein = new BernsteinChart(app, 'bernstein', {
 *   profile: 'modern',
 *   credentials: { user: 'bernstein', password: process.env.POSTGRES_PASSWORD ?? 'dev-only', database: 'bernstein' },
 * });
 * new StatelessApp(bernstein, 'Stats', {
 *   name: 'stats', image: 'me/stats:1.0', port: 8080, env: bernstein.postgres.connectionEnv(),
 *   route: { host: 'stats.dop.io', controller: bernstein.traefik },
 * });
 * writeManifests(bernstein, 'manifests');
 */
export class BernsteinChart extends Chart {
  /** The profile the chart was built with. */
  public readonly profile: Profile;
  /** The cAdvisor DaemonSet (monitoring). */
  public readonly cadvisor: Cadvisor;
  /** The database result and worker read and write; add your own clients with `postgres.connectionEnv()`. */
  public readonly postgres: Postgres;
  /** The vote queue; add your own clients with `redis.connectionEnv()`. */
  public readonly redis: Redis;
  /** The voting web app, routed from `pollHost`. */
  public readonly poll: StatelessApp;
  /** The worker moving votes from redis to postgres. */
  public readonly worker: StatelessApp;
  /** The results web app, routed from `resultHost`. */
  public readonly result: StatelessApp;
  /** The ingress controller; give your own routes `controller: chart.traefik`. */
  public readonly traefik: Traefik;

  constructor(scope: Construct, id: string, props: BernsteinChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const images = { ...BERNSTEIN_IMAGES, ...props.images };
    // Every chart-level problem at once; credentials are the Postgres construct's to check.
    const checker = new PropChecker('BernsteinChart', constructPath(scope, id))
      .oneOf('profile', props.profile, PROFILES)
      .oneOf('spreading', props.spreading, NODE_SPREADING_VALUES)
      .host('pollHost', props.pollHost)
      .host('resultHost', props.resultHost)
      .oneOf('routing', props.routing, TRAEFIK_ROUTINGS)
      .oneOf('nodeRuntime', props.nodeRuntime, NODE_RUNTIMES);
    const storage = PROFILES.includes(props.profile ?? 'spec') ? profileStorage(props.profile ?? 'spec') : undefined;
    checker
      .require(props.dataNode === undefined || storage !== 'provisioned', `dataNode is for a node-local profile (${profilesWith('node-local')}); profile "${props.profile}" claims a provisioned volume, which carries its own node affinity`)
      .require(props.storageClassName === undefined || storage !== 'node-local', `storageClassName is for a provisioned profile (${profilesWith('provisioned')}); profile "${props.profile ?? 'spec'}" keeps the spec's hand-made hostPath volume`);
    const knownProfile = PROFILES.includes(props.profile ?? 'spec') ? props.profile ?? 'spec' : undefined;
    checker
      .require(props.routing === undefined || knownProfile === undefined || profileRoutings(knownProfile).includes(props.routing), `routing "${props.routing}" needs Traefik v3 (profiles ${PROFILES.filter((p) => profileRoutings(p).includes('gateway')).join(', ')}); profile "${knownProfile}" routes through Ingresses only`)
      .require(props.nodeRuntime === undefined || knownProfile === undefined || profileKnowsNodeRuntime(knownProfile), `nodeRuntime "${props.nodeRuntime}" is for the profiles with a current cAdvisor (${PROFILES.filter(profileKnowsNodeRuntime).join(', ')}); profile "${knownProfile}" keeps the spec's cAdvisor as written`);
    for (const [component, image] of Object.entries(images)) checker.image(`images.${component}`, image);
    checker.done();

    this.profile = props.profile ?? 'spec';
    const settings = PROFILE_SETTINGS[this.profile];
    const spreading = props.spreading ?? 'required';
    const hardened = settings.hardened;
    // Hardened only: the other profiles keep the spec's fields exactly.
    const harden = <T>(value: T): T | undefined => (hardened ? value : undefined);
    const appRun = harden(BERNSTEIN_APP_RUN);
    const replicatedBudget = harden(1);

    this.cadvisor = new Cadvisor(this, 'Cadvisor', {
      image: settings.cadvisorImage,
      nodeRuntime: settings.cadvisorKnowsRuntime ? props.nodeRuntime ?? 'containerd' : undefined,
      privileged: settings.cadvisorPrivileged,
      resources: harden(CADVISOR_RESOURCES),
    });
    this.postgres = new Postgres(this, 'Postgres', {
      credentials: props.credentials,
      image: images.postgres,
      initSql: VOTES_TABLE_SQL,
      resources: harden(HARDENED_RESOURCES.postgres),
      restricted: hardened,
      ...(settings.storage === 'node-local'
        ? { hostPath: POSTGRES_HOST_PATH, dataNode: props.dataNode }
        : { storageClassName: props.storageClassName }),
    });
    // The spec's redis ConfigMap holds REDIS_HOST alone; its clients dial the default port.
    this.redis = new Redis(this, 'Redis', { image: images.redis, omitDefaultPort: true, resources: harden(HARDENED_RESOURCES.redis), restricted: hardened });
    // The spec's Traefik: in kube-public, dashboard on port 8080 and node port 30042, which the
    // spec publishes without authentication.
    this.traefik = new Traefik(this, 'Traefik', {
      generation: settings.traefik,
      namespace: 'kube-public',
      dashboard: 'unauthenticated',
      dashboardNodePort: 30042,
      routing: props.routing,
      spreading,
      resources: harden(HARDENED_RESOURCES.traefik),
      maxUnavailable: replicatedBudget,
      restricted: hardened,
    });

    this.poll = new StatelessApp(this, 'Poll', {
      name: 'poll',
      image: images.poll,
      replicas: 2,
      resources: hardened ? HARDENED_RESOURCES.poll : { limits: { memory: '128M' } },
      restricted: appRun,
      maxUnavailable: replicatedBudget,
      port: 80,
      env: this.redis.connectionEnv(),
      route: { host: props.pollHost ?? 'poll.dop.io', controller: this.traefik },
      spreading,
    });
    this.worker = new StatelessApp(this, 'Worker', {
      name: 'worker',
      image: images.worker,
      replicas: 1,
      resources: hardened ? HARDENED_RESOURCES.worker : { limits: { memory: '256M' } },
      restricted: appRun,
      env: [...this.redis.connectionEnv(), ...this.postgres.connectionEnv()],
    });
    this.result = new StatelessApp(this, 'Result', {
      name: 'result',
      image: images.result,
      replicas: 2,
      resources: hardened ? HARDENED_RESOURCES.result : { limits: { memory: '128M' } },
      restricted: appRun,
      maxUnavailable: replicatedBudget,
      port: 80,
      env: this.postgres.connectionEnv(),
      route: { host: props.resultHost ?? 'result.dop.io', controller: this.traefik },
      spreading,
    });
    if (hardened) addNetworkPolicies(this);
  }
}

function profilesWith(storage: DataStorage): string {
  return PROFILES.filter((p) => PROFILE_SETTINGS[p].storage === storage).join(', ');
}
