import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component, Endpoint, qualifiedServiceHost } from './component';
import { HealthCheck } from './health-check';
import { EnvBinding, leadingTo, toEnvVars } from './env-binding';
import { ConfigSource } from './config-source';
import { PropChecker, ValidationError } from '../validation/prop-checker';
import { checkResources, ContainerResources, deploymentProps, resourceRequirements, RestrictedRun, serviceProps } from './workload-parts';

/** What a client needs to reach a database, each value a reference to a ConfigMap or Secret key. */
export interface DatabaseConnection {
  /** Host name of the server (its Service), from the ConfigMap. */
  readonly host: EnvBinding;
  /** Port of the server, from the ConfigMap. */
  readonly port: EnvBinding;
  /** Database name, from the ConfigMap. */
  readonly database: EnvBinding;
  /** User name, from the Secret. */
  readonly user: EnvBinding;
  /** Password, from the Secret. */
  readonly password: EnvBinding;
}

/** The database's own Secret and ConfigMap, handed to the engine to pick references from. */
export interface DatabaseStores {
  /** The Secret `<name>-secret` (credentials). */
  readonly secret: ConfigSource;
  /** The ConfigMap `<name>-config` (settings, init scripts). */
  readonly config: ConfigSource;
}

/**
 * Where the data lives.
 * - `hostPath`: a hand-made PersistentVolume on a node directory (class `manual`), bound by name;
 *   with `node`, the volume is pinned to that node (and so is every pod using it);
 * - otherwise a claim that the cluster provisions dynamically (its default StorageClass unless
 *   `storageClassName` names another); the provisioner gives the volume its own node affinity.
 */
export interface DatabaseStorage {
  /** Capacity of the claim (and of the volume with hostPath). */
  readonly size: string;
  /** Node directory of a hand-made PersistentVolume. @default - dynamic provisioning */
  readonly hostPath?: string;
  /** Node (its `kubernetes.io/hostname` label) holding the hostPath directory. @default - unpinned */
  readonly node?: string;
  /** StorageClass of a dynamically provisioned claim. @default - the cluster's default class */
  readonly storageClassName?: string;
}

/**
 * How the server stops cleanly when its pod is deleted: the kubelet runs `preStop` in the
 * container, then sends the image's stop signal, and kills whatever still runs when
 * `gracePeriodSeconds` (counted from the deletion, hook included) are over.
 */
export interface DatabaseShutdown {
  /** Command run in the server container before the stop signal; returns once the server has stopped. */
  readonly preStop: readonly string[];
  /** Seconds from the deletion to SIGKILL; leaves room for `preStop`. */
  readonly gracePeriodSeconds: number;
}

/** What one database engine (PostgreSQL, MySQL, MongoDB, …) brings to the shared shape. */
export interface DatabaseEngine {
  /** Construct kind in messages, e.g. `Postgres`. */
  readonly kind: string;
  /** Container image. */
  readonly image: string;
  /** Port of the server, its container and its Service. */
  readonly port: number;
  /** Name of the container and Service port, e.g. `postgres`. */
  readonly portName: string;
  /** Secret entries (credentials). */
  readonly secretEntries: Readonly<Record<string, string>>;
  /** ConfigMap entries (settings, init scripts). */
  readonly configEntries: Readonly<Record<string, string>>;
  /**
   * The ConfigMap key holding the server's host name, which a copy for a client in another
   * namespace holds fully qualified. @default - every entry whose value is the Service name
   */
  readonly hostKey?: string;
  /** Where the data lives. */
  readonly storage: DatabaseStorage;
  /** Where the server keeps its files. */
  readonly dataMountPath: string;
  /** Sub-directory of the volume mounted there, for servers that refuse a non-empty mount root. @default - the volume root */
  readonly dataSubPath?: string;
  /** ConfigMap keys mounted read-only as files in one directory (init scripts). @default - none */
  readonly configFiles?: { readonly mountPath: string; readonly keys: readonly string[] };
  /** Container arguments. @default - the image's own command */
  readonly args?: readonly string[];
  /** The references a client needs, picked from the stores. */
  connection(stores: DatabaseStores): DatabaseConnection;
  /** The server container's own variables, picked from the stores. */
  serverEnv(stores: DatabaseStores, connection: DatabaseConnection): EnvBinding[];
  /** When the server receives traffic. */
  readonly readiness: HealthCheck;
  /** When the server is restarted. */
  readonly liveness: HealthCheck;
  /** CPU and memory requests and limits of the server. @default - none */
  readonly resources?: ContainerResources;
  /**
   * How to tell the server its data lives in `dir` (`<dataMountPath>/<dataSubPath>`), so that a
   * restricted server creates that directory itself in the group-writable volume: the kubelet
   * creates a missing subPath directory owned by root, which a non-root server cannot write
   * (docs/facts.md#image-users). @default - keep the subPath mount
   */
  readonly dataDirectory?: (dir: string) => { readonly env?: Readonly<Record<string, string>>; readonly args?: readonly string[] };
  /** How the image runs under Pod Security "restricted" (its own user, where it writes). */
  readonly restrictedRun: RestrictedRun;
  /** Run as `restrictedRun` says. @default false */
  readonly restricted?: boolean;
  /** A clean stop the image's own stop signal does not give. @default - the stop signal within Kubernetes' 30 s default grace period */
  readonly shutdown?: DatabaseShutdown;
  /** `false` keeps service-link variables (`<SVC>_PORT=tcp://…`) out of the server's environment. @default - Kubernetes' default (true) */
  readonly enableServiceLinks?: boolean;
}

/** Props every database construct shares. */
export interface SingleWriterDatabaseProps {
  /** Namespace. @default 'default' */
  readonly namespace?: string;
  /** Capacity of the claim (and of the PersistentVolume with a hostPath). @default '1Gi' */
  readonly storageSize?: string;
  /**
   * Node directory of a hand-made PersistentVolume (class `manual`, bound by name). Such data is
   * node-local: give `dataNode` too, or the data stays on whichever node first runs the server.
   * @default - a claim the cluster provisions dynamically (see storageClassName)
   */
  readonly hostPath?: string;
  /**
   * Node holding the `hostPath` directory (its `kubernetes.io/hostname` label): the volume gets
   * a required node affinity, so the scheduler places the server only on that node. Only with hostPath.
   * @default - unpinned
   */
  readonly dataNode?: string;
  /** StorageClass of the dynamically provisioned claim; not with hostPath. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** CPU and memory requests and limits of the server. @default - none */
  readonly resources?: ContainerResources;
  /**
   * Run as Pod Security "restricted" admits: the image's own non-root user, read-only root file
   * system with writable directories only where the server writes. @default false
   */
  readonly restricted?: boolean;
}

/** The node label a hostPath volume is pinned by; the kubelet sets it to the node's host name. */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Default of {@link SingleWriterDatabaseProps.storageSize}. */
export const DEFAULT_DATABASE_STORAGE = '1Gi';

/** The storage the shared props describe. */
export function databaseStorage(props: SingleWriterDatabaseProps): DatabaseStorage {
  return { size: props.storageSize ?? DEFAULT_DATABASE_STORAGE, hostPath: props.hostPath, node: props.dataNode, storageClassName: props.storageClassName };
}

/**
 * Validates the props every database shares, in a fixed order (name, image, namespace, port,
 * storage), so each engine's constructor reports them the same way before its own.
 */
export function checkDatabaseProps(
  checker: PropChecker,
  props: SingleWriterDatabaseProps & { name?: string; image?: string; port?: number },
): PropChecker {
  checker
    .name('name', props.name)
    .image('image', props.image)
    .namespace('namespace', props.namespace)
    .port('port', props.port)
    .quantity('storageSize', props.storageSize)
    .absolutePath('hostPath', props.hostPath)
    .nodeName('dataNode', props.dataNode)
    .storageClassName('storageClassName', props.storageClassName)
    .require(!(props.hostPath !== undefined && props.storageClassName !== undefined), 'give either hostPath (a hand-made volume) or storageClassName (dynamic provisioning), not both')
    .require(props.dataNode === undefined || props.hostPath !== undefined, 'dataNode pins a hand-made hostPath volume; give hostPath too (a dynamically provisioned volume carries its own node affinity)');
  return checkResources(checker, 'resources', props.resources);
}

/**
 * A single database server whose data must outlive its pod: Secret, ConfigMap, persistent
 * storage (hand-made PersistentVolume + claim, or a dynamically provisioned claim), a one-replica
 * `Recreate` Deployment with probes, and a ClusterIP Service. Engines differ only in what
 * {@link DatabaseEngine} says.
 */
export abstract class SingleWriterDatabase extends Component {
  /** Service name clients resolve (the component name). */
  public readonly serviceName: string;
  /** Port of the server and its Service. */
  public readonly port: number;
  /** Name of the server's Service and container port. */
  public readonly portName: string;
  /** The Secret holding the credentials. */
  public readonly secret: ConfigSource;
  /** The ConfigMap holding host, port, database name and init files. */
  public readonly config: ConfigSource;
  /** Name of the PersistentVolumeClaim holding the data. */
  public readonly claimName: string;
  /** The hand-made PersistentVolume; undefined with dynamic provisioning. */
  public readonly volumeName: string | undefined;
  /** The node a hand-made volume is pinned to; undefined when unpinned or provisioned. */
  public readonly dataNode: string | undefined;
  /** References a client needs; see {@link connectionEnv}. */
  public readonly connection: DatabaseConnection;
  /** The server's one-replica `Recreate` Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The ClusterIP Service clients resolve. */
  public readonly service: k8s.KubeService;
  /** The claim holding the data. */
  public readonly persistentVolumeClaim: k8s.KubePersistentVolumeClaim;
  /** The hand-made PersistentVolume with `hostPath`; undefined with dynamic provisioning. */
  public readonly persistentVolume: k8s.KubePersistentVolume | undefined;

  protected constructor(scope: Construct, id: string, componentName: string, namespace: string, engine: DatabaseEngine) {
    super(scope, id, componentName, namespace);
    this.serviceName = this.componentName;
    this.port = engine.port;
    this.portName = engine.portName;
    this.claimName = `${this.componentName}-pvc`;
    this.volumeName = engine.storage.hostPath === undefined ? undefined : `${this.componentName}-pv`;
    this.dataNode = engine.storage.hostPath === undefined ? undefined : engine.storage.node;
    const labels = this.selectorLabels;

    this.secret = new ConfigSource(this, 'Secret', {
      name: `${this.componentName}-secret`,
      namespace: this.namespace,
      kind: 'Secret',
      labels,
      entries: engine.secretEntries,
    });
    this.config = new ConfigSource(this, 'Config', {
      name: `${this.componentName}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels,
      entries: engine.configEntries,
      // A client in another namespace reads a copy whose host is the Service's qualified name.
      elsewhere: Object.fromEntries(Object.entries(engine.configEntries)
        .filter(([key, value]) => (engine.hostKey === undefined ? value === this.serviceName : key === engine.hostKey))
        .map(([key]) => [key, qualifiedServiceHost(this.serviceName, this.namespace)])),
    });
    const stores: DatabaseStores = { secret: this.secret, config: this.config };
    // Every value a client takes from here leads it to this server.
    const c = engine.connection(stores);
    const [host, port, database, user, password] = leadingTo(this.endpoint(), [c.host, c.port, c.database, c.user, c.password]);
    this.connection = { host, port, database, user, password };

    const storage = this.addStorage(engine.storage);
    this.persistentVolume = storage.volume;
    this.persistentVolumeClaim = storage.claim;

    const owner = `${engine.kind} ${this.componentName}`;
    // Restricted, the server makes its own data directory (see DatabaseEngine.dataDirectory).
    const ownDataDirectory = engine.restricted && engine.dataSubPath !== undefined && engine.dataDirectory
      ? engine.dataDirectory(`${engine.dataMountPath}/${engine.dataSubPath}`)
      : undefined;
    const volumeMounts: k8s.VolumeMount[] = [{ name: 'data', mountPath: engine.dataMountPath, subPath: ownDataDirectory ? undefined : engine.dataSubPath }];
    const args = [...(engine.args ?? []), ...(ownDataDirectory?.args ?? [])];
    const volumes: k8s.Volume[] = [{ name: 'data', persistentVolumeClaim: { claimName: this.claimName } }];
    if (engine.configFiles) {
      for (const key of engine.configFiles.keys) {
        if (!this.config.has(key)) throw new ValidationError([`${owner}: configFiles key "${key}" is invalid; allowed: a key of ${this.config.name} (${this.config.entryKeys.join(', ')})`], this.node.path);
      }
      volumeMounts.push({ name: 'init', mountPath: engine.configFiles.mountPath, readOnly: true });
      // Only the listed keys: the other keys of the ConfigMap are settings, not files.
      volumes.push({ name: 'init', configMap: { name: this.config.name, items: engine.configFiles.keys.map((key) => ({ key, path: key })) } });
    }

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: this.componentName,
      namespace: this.namespace,
      podLabels: labels,
      replicas: 1,
      // One server per data directory: a rolling update would start a second one on the same volume.
      strategy: 'Recreate',
      enableServiceLinks: engine.enableServiceLinks,
      containers: [{
        name: this.componentName,
        image: engine.image,
        args: args.length > 0 ? args : undefined,
        ports: [{ name: engine.portName, containerPort: this.port }],
        env: [
          ...toEnvVars(engine.serverEnv(stores, this.connection), owner),
          ...Object.entries(ownDataDirectory?.env ?? {}).map(([name, value]) => ({ name, value })),
        ],
        resources: resourceRequirements(engine.resources),
        volumeMounts,
        readinessProbe: engine.readiness.toProbe(),
        livenessProbe: engine.liveness.toProbe(),
        lifecycle: engine.shutdown ? { preStop: { exec: { command: [...engine.shutdown.preStop] } } } : undefined,
      }],
      volumes,
      restricted: engine.restricted ? engine.restrictedRun : undefined,
      terminationGracePeriodSeconds: engine.shutdown?.gracePeriodSeconds,
    }));

    this.service = new k8s.KubeService(this, 'Service', serviceProps({
      name: this.serviceName,
      namespace: this.namespace,
      selector: labels,
      ports: [{ name: engine.portName, port: this.port }],
    }));
  }

  /** The server's Service port (its only one, named after the engine: `postgres`, `mysql`, …), for clients. */
  public endpoint(portName: string = this.portName): Endpoint {
    if (portName !== this.portName) throw new ValidationError([`${this.componentName}: endpoint portName "${portName}" is invalid; allowed: ${this.portName}`], this.node.path);
    return { component: this, serviceName: this.serviceName, portName, port: this.port };
  }

  /** Host, port and database name (ConfigMap), then user and password (Secret), as variables. */
  public connectionEnv(): EnvBinding[] {
    const c = this.connection;
    return [c.host, c.port, c.database, c.user, c.password];
  }

  private addStorage(storage: DatabaseStorage): { volume: k8s.KubePersistentVolume | undefined; claim: k8s.KubePersistentVolumeClaim } {
    const labels = this.selectorLabels;
    const size = k8s.Quantity.fromString(storage.size);
    let volume: k8s.KubePersistentVolume | undefined;
    if (storage.hostPath !== undefined) {
      volume = new k8s.KubePersistentVolume(this, 'Volume', {
        metadata: { name: this.volumeName, labels },
        spec: {
          capacity: { storage: size },
          accessModes: ['ReadWriteOnce'],
          // Retain: deleting the claim must never delete the data.
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: 'manual',
          hostPath: { path: storage.hostPath, type: 'DirectoryOrCreate' },
          // A hostPath directory exists on one node only: the affinity makes the scheduler put
          // every pod using the volume on that node, instead of starting an empty one elsewhere
          // (docs/facts.md#pinning-node-local-data-persistentvolume-node-affinity).
          nodeAffinity: storage.node === undefined ? undefined : {
            required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [storage.node] }] }] },
          },
        },
      });
    }
    const claim = new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: this.claimName, namespace: this.namespace, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: storage.hostPath !== undefined ? 'manual' : storage.storageClassName,
        volumeName: this.volumeName,
        resources: { requests: { storage: size } },
      },
    });
    return { volume, claim };
  }
}
