import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Component } from './component';
import { EnvBinding, toEnvVars } from './env-binding';
import { KeyValueStore } from './key-value-store';
import { PropChecker } from '../validation/prop-checker';
import { deploymentProps, execProbe, serviceProps } from './workload-parts';

/** Database credentials; user and password go to a Secret, the database name to a ConfigMap. */
export interface PostgresCredentials {
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** SQL run once by the image's entrypoint on an empty data directory: the table the worker writes to. */
export const VOTES_TABLE_SQL = 'CREATE TABLE IF NOT EXISTS votes (id text PRIMARY KEY, vote text NOT NULL);\n';

/** Props of {@link Postgres}. */
export interface PostgresProps {
  /** Credentials written to the Secret (user, password) and ConfigMap (database). */
  readonly credentials: PostgresCredentials;
  /** Component name: Deployment and Service name, file stem. @default 'postgres' */
  readonly name?: string;
  /** Container image. @default 'postgres:12' */
  readonly image?: string;
  /** Namespace. @default 'default' */
  readonly namespace?: string;
  /** Server port. @default 5432 */
  readonly port?: number;
  /** Capacity of the PersistentVolume and of the claim. @default '1Gi' */
  readonly storageSize?: string;
  /** Node directory backing the hostPath PersistentVolume. @default '/data/postgres' */
  readonly hostPath?: string;
  /** SQL mounted in /docker-entrypoint-initdb.d, run once on first start. @default VOTES_TABLE_SQL */
  readonly initSql?: string;
}

const DATA_DIR = '/var/lib/postgresql/data';
const INIT_DIR = '/docker-entrypoint-initdb.d';
const INIT_KEY = 'init.sql';
// A fresh block volume holds `lost+found`, which initdb refuses; a sub-directory is always empty.
const DATA_SUBPATH = 'pgdata';

/**
 * A single PostgreSQL server: Secret, ConfigMap (settings and init SQL), PersistentVolume and
 * claim, a `Recreate` Deployment with probes, and a ClusterIP Service.
 */
export class Postgres extends Component {
  public readonly serviceName: string;
  public readonly port: number;
  public readonly secret: KeyValueStore;
  public readonly config: KeyValueStore;
  public readonly claimName: string;
  public readonly volumeName: string;

  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id, props.name ?? 'postgres', props.namespace ?? 'default');
    new PropChecker(`Postgres ${this.componentName}`)
      .name('name', props.name)
      .image('image', props.image)
      .namespace('namespace', props.namespace)
      .port('port', props.port)
      .quantity('storageSize', props.storageSize)
      .require(props.hostPath === undefined || props.hostPath.startsWith('/'), `hostPath "${props.hostPath}" is invalid; allowed: an absolute path`)
      .identifier('credentials.user', props.credentials.user)
      .identifier('credentials.database', props.credentials.database)
      .secret('credentials.password', props.credentials.password)
      .done();
    this.serviceName = this.componentName;
    this.port = props.port ?? 5432;
    this.claimName = `${this.componentName}-pvc`;
    this.volumeName = `${this.componentName}-pv`;
    const labels = this.selectorLabels;
    const storage = k8s.Quantity.fromString(props.storageSize ?? '1Gi');

    this.secret = new KeyValueStore(this, 'Secret', {
      name: `${this.componentName}-secret`,
      namespace: this.namespace,
      kind: 'Secret',
      labels,
      entries: { POSTGRES_USER: props.credentials.user, POSTGRES_PASSWORD: props.credentials.password },
    });
    this.config = new KeyValueStore(this, 'Config', {
      name: `${this.componentName}-config`,
      namespace: this.namespace,
      kind: 'ConfigMap',
      labels,
      entries: {
        POSTGRES_HOST: this.serviceName,
        POSTGRES_PORT: String(this.port),
        POSTGRES_DB: props.credentials.database,
        [INIT_KEY]: props.initSql ?? VOTES_TABLE_SQL,
      },
    });

    new k8s.KubePersistentVolume(this, 'Volume', {
      metadata: { name: this.volumeName, labels },
      spec: {
        capacity: { storage },
        accessModes: ['ReadWriteOnce'],
        // Retain: deleting the claim must never delete the votes.
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'manual',
        hostPath: { path: props.hostPath ?? '/data/postgres', type: 'DirectoryOrCreate' },
      },
    });
    new k8s.KubePersistentVolumeClaim(this, 'Claim', {
      metadata: { name: this.claimName, namespace: this.namespace, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'manual',
        volumeName: this.volumeName,
        resources: { requests: { storage } },
      },
    });

    const ready = execProbe(['sh', '-c', `pg_isready -h 127.0.0.1 -p ${this.port} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`], 5);
    new k8s.KubeDeployment(this, 'Deployment', deploymentProps({
      name: this.componentName,
      namespace: this.namespace,
      podLabels: labels,
      replicas: 1,
      // One postmaster per data directory: a rolling update would start a second one on the same volume.
      strategy: 'Recreate',
      containers: [{
        name: this.componentName,
        image: props.image ?? 'postgres:12',
        args: this.port === 5432 ? undefined : ['-p', String(this.port)],
        ports: [{ name: 'postgres', containerPort: this.port }],
        env: toEnvVars(this.connectionEnv(), `Postgres ${this.componentName}`),
        volumeMounts: [
          { name: 'data', mountPath: DATA_DIR, subPath: DATA_SUBPATH },
          { name: 'init', mountPath: INIT_DIR, readOnly: true },
        ],
        readinessProbe: ready,
        livenessProbe: { ...ready, initialDelaySeconds: 30 },
      }],
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: this.claimName } },
        // Only the SQL key: the other keys of the ConfigMap are settings, not init scripts.
        { name: 'init', configMap: { name: this.config.name, items: [{ key: INIT_KEY, path: INIT_KEY }] } },
      ],
    }));

    new k8s.KubeService(this, 'Service', serviceProps({
      name: this.serviceName,
      namespace: this.namespace,
      selector: labels,
      ports: [{ name: 'postgres', port: this.port }],
    }));
  }

  /** POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB (ConfigMap) and POSTGRES_USER, POSTGRES_PASSWORD (Secret). */
  public connectionEnv(): EnvBinding[] {
    return [
      this.config.bind('POSTGRES_HOST'),
      this.config.bind('POSTGRES_PORT'),
      this.config.bind('POSTGRES_DB'),
      this.secret.bind('POSTGRES_USER'),
      this.secret.bind('POSTGRES_PASSWORD'),
    ];
  }
}
