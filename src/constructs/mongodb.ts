import { Construct } from 'constructs';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { checkDatabaseProps, databaseStorage, SingleWriterDatabase, SingleWriterDatabaseProps } from './single-writer-database';
import { HealthCheck } from './health-check';

/** MongoDB root credentials (Secret) and the application database name (ConfigMap). */
export interface MongoDbCredentials {
  /** Root user the image creates on first start (MONGO_INITDB_ROOT_USERNAME), in the `admin` database. */
  readonly rootUser: string;
  /** Its password (MONGO_INITDB_ROOT_PASSWORD). */
  readonly rootPassword: string;
  /** Database the applications use (MongoDB creates it on first write). */
  readonly database: string;
}

/** Props of {@link MongoDb}. */
export interface MongoDbProps extends SingleWriterDatabaseProps {
  /** Root credentials written to the Secret and the database name to the ConfigMap. */
  readonly credentials: MongoDbCredentials;
  /** Component name: Deployment and Service name, file stem. @default 'mongodb' */
  readonly name?: string;
  /** Container image (>= 6.0: the probe uses `mongosh`). @default 'mongo:7.0' */
  readonly image?: string;
  /** Server port. @default 27017 */
  readonly port?: number;
  /** Where the volume is mounted and `mongod --dbpath` points. @default '/data/db' */
  readonly dataPath?: string;
}

const DEFAULT_PORT = 27017;

/**
 * A single MongoDB server with authentication: Secret (root user and password), ConfigMap
 * (MONGO_HOST, MONGO_PORT, MONGO_DB for clients), a claim mounted at `dataPath`, a `Recreate`
 * Deployment with probes and a ClusterIP Service.
 *
 * @example
 * const mongodb = new MongoDb(chart, 'MongoDb', {
 *   credentials: { rootUser: 'admin', rootPassword: 'admin-secret', database: 'catalog' },
 * });
 * new StatelessApp(chart, 'Catalog', { name: 'catalog', image: 'app/catalog:1.0', port: 3000, env: mongodb.connectionEnv() });
 */
export class MongoDb extends SingleWriterDatabase {
  /** Where the data lives inside the container. */
  public readonly dataPath: string;

  constructor(scope: Construct, id: string, props: MongoDbProps) {
    const name = props.name ?? 'mongodb';
    const dataPath = props.dataPath ?? '/data/db';
    checkDatabaseProps(new PropChecker(`MongoDb ${name}`, constructPath(scope, id)), props)
      .absolutePath('dataPath', dataPath)
      .identifier('credentials.rootUser (MONGO_INITDB_ROOT_USERNAME)', props.credentials.rootUser)
      .identifier('credentials.database (MONGO_DB)', props.credentials.database)
      .secret('credentials.rootPassword (MONGO_INITDB_ROOT_PASSWORD)', props.credentials.rootPassword)
      .done();
    const port = props.port ?? DEFAULT_PORT;
    super(scope, id, name, props.namespace ?? 'default', {
      kind: 'MongoDb',
      image: props.image ?? 'mongo:7.0',
      port,
      portName: 'mongodb',
      secretEntries: { MONGO_INITDB_ROOT_USERNAME: props.credentials.rootUser, MONGO_INITDB_ROOT_PASSWORD: props.credentials.rootPassword },
      hostKey: 'MONGO_HOST',
      configEntries: { MONGO_HOST: name, MONGO_PORT: String(port), MONGO_DB: props.credentials.database },
      storage: databaseStorage(props),
      dataMountPath: dataPath,
      // Arguments starting with "-" make the entrypoint run `mongod` with them; it reads --dbpath to
      // know where to create the root user on first start and to chown the volume.
      args: ['--dbpath', dataPath, '--port', String(port), '--bind_ip_all'],
      connection: ({ config, secret }) => ({
        host: config.bind('MONGO_HOST'),
        port: config.bind('MONGO_PORT'),
        database: config.bind('MONGO_DB'),
        user: secret.bind('MONGO_INITDB_ROOT_USERNAME', 'MONGO_USERNAME'),
        password: secret.bind('MONGO_INITDB_ROOT_PASSWORD', 'MONGO_PASSWORD'),
      }),
      serverEnv: ({ secret }) => [secret.bind('MONGO_INITDB_ROOT_USERNAME'), secret.bind('MONGO_INITDB_ROOT_PASSWORD')],
      // `ping` needs no authentication; it fails until mongod accepts connections.
      readiness: HealthCheck.command(['mongosh', '--quiet', '--port', String(port), '--eval', "db.adminCommand('ping').ok"], { initialDelaySeconds: 10 }),
      // A TCP check is enough to catch a dead server and does not start a shell every 10 s.
      liveness: HealthCheck.tcp(port, { initialDelaySeconds: 30 }),
      resources: props.resources,
      // The official image's `mongodb` user; mongod's socket and the entrypoint's temporary config go to
      // /tmp, mongosh (the probe) writes to its home /data/db (docs/facts.md#image-users).
      restrictedRun: { user: 999, group: 999, writablePaths: ['/tmp', '/data/db', '/data/configdb'].filter((dir) => dir !== dataPath) },
      restricted: props.restricted,
      // No preStop: the image's entrypoint execs mongod as the container's main process and sets no
      // STOPSIGNAL, so the kubelet's SIGTERM reaches mongod, which then shuts down cleanly (MongoDB
      // manual, "Manage mongod Processes", Use kill; docs/facts.md#database-shutdown-postgres-fast-stop-mysql-and-mongodb-on-sigterm).
      enableServiceLinks: false,
    });
    this.dataPath = dataPath;
  }
}
