import { Construct } from 'constructs';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { checkDatabaseProps, databaseStorage, SingleWriterDatabase, SingleWriterDatabaseProps } from './single-writer-database';
import { HealthCheck } from './health-check';

/** MySQL credentials (Secret) and the database the image creates on first start (ConfigMap). */
export interface MySqlCredentials {
  /** Password of `root` (MYSQL_ROOT_PASSWORD). */
  readonly rootPassword: string;
  /** Application user the image creates (MYSQL_USER); it owns `database`. */
  readonly user: string;
  /** Password of `user` (MYSQL_PASSWORD). */
  readonly password: string;
  /** Database the image creates (MYSQL_DATABASE). */
  readonly database: string;
}

/** Props of {@link MySql}. */
export interface MySqlProps extends SingleWriterDatabaseProps {
  /** Credentials written to the Secret and the database name to the ConfigMap. */
  readonly credentials: MySqlCredentials;
  /** Component name: Deployment and Service name, file stem. @default 'mysql' */
  readonly name?: string;
  /** Container image. @default 'mysql:8.0' */
  readonly image?: string;
  /** Server port. @default 3306 */
  readonly port?: number;
}

const DEFAULT_PORT = 3306;
// The server initialises only an empty data directory; a fresh block volume holds `lost+found`.
const DATA_SUBPATH = 'mysql';

/**
 * A single MySQL server: Secret (MYSQL_ROOT_PASSWORD, MYSQL_USER, MYSQL_PASSWORD), ConfigMap
 * (MYSQL_DATABASE, and MYSQL_HOST/MYSQL_PORT for clients), a claim, a `Recreate` Deployment
 * with probes and a ClusterIP Service.
 *
 * @example
 * const mysql = new MySql(chart, 'MySql', {
 *   credentials: { rootPassword: 'root-secret', user: 'app', password: 'app-secret', database: 'app' },
 *   storageSize: '2Gi',
 * });
 * new StatelessApp(chart, 'Backend', { name: 'backend', image: 'app/backend:1.0', port: 5000, env: mysql.connectionEnv() });
 */
export class MySql extends SingleWriterDatabase {
  /** Name of the database the image creates. */
  public readonly database: string;

  constructor(scope: Construct, id: string, props: MySqlProps) {
    const name = props.name ?? 'mysql';
    checkDatabaseProps(new PropChecker(`MySql ${name}`, constructPath(scope, id)), props)
      .identifier('credentials.user (MYSQL_USER)', props.credentials.user)
      // The entrypoint refuses MYSQL_USER=root: root exists already, with MYSQL_ROOT_PASSWORD.
      .require(props.credentials.user !== 'root', 'credentials.user (MYSQL_USER) "root" is invalid; allowed: any other user (root is configured by MYSQL_ROOT_PASSWORD)')
      .identifier('credentials.database (MYSQL_DATABASE)', props.credentials.database)
      .secret('credentials.rootPassword (MYSQL_ROOT_PASSWORD)', props.credentials.rootPassword)
      .secret('credentials.password (MYSQL_PASSWORD)', props.credentials.password)
      .done();
    const port = props.port ?? DEFAULT_PORT;
    // `mysqladmin ping` exits 0 whenever the server answers, even "access denied", so no password is
    // needed; TCP to 127.0.0.1 fails while the entrypoint's init server runs with --skip-networking.
    const ping = HealthCheck.command(['mysqladmin', 'ping', '-h', '127.0.0.1', '-P', String(port), '--silent'], { initialDelaySeconds: 10 });
    super(scope, id, name, props.namespace ?? 'default', {
      kind: 'MySql',
      image: props.image ?? 'mysql:8.0',
      port,
      portName: 'mysql',
      secretEntries: {
        MYSQL_ROOT_PASSWORD: props.credentials.rootPassword,
        MYSQL_USER: props.credentials.user,
        MYSQL_PASSWORD: props.credentials.password,
      },
      hostKey: 'MYSQL_HOST',
      configEntries: { MYSQL_DATABASE: props.credentials.database, MYSQL_HOST: name, MYSQL_PORT: String(port) },
      storage: databaseStorage(props),
      dataMountPath: '/var/lib/mysql',
      dataSubPath: DATA_SUBPATH,
      args: port === DEFAULT_PORT ? undefined : [`--port=${port}`],
      connection: ({ config, secret }) => ({
        host: config.bind('MYSQL_HOST'),
        port: config.bind('MYSQL_PORT'),
        database: config.bind('MYSQL_DATABASE'),
        user: secret.bind('MYSQL_USER'),
        password: secret.bind('MYSQL_PASSWORD'),
      }),
      // Not MYSQL_HOST: the mysql client tools read it as their default host, and the entrypoint's
      // init step must talk to the local socket.
      serverEnv: ({ secret }, c) => [secret.bind('MYSQL_ROOT_PASSWORD'), c.user, c.password, c.database],
      readiness: ping,
      // Initialising a fresh data directory takes a while: do not restart the server during it.
      liveness: ping.withInitialDelay(60),
      resources: props.resources,
      // The official image's `mysql` user; socket and pid file go to /var/run/mysqld (docs/facts.md#image-users).
      restrictedRun: { user: 999, group: 999, writablePaths: ['/var/run/mysqld', '/tmp'] },
      restricted: props.restricted,
      // The entrypoint reads --datadir and creates the directory itself (as the user it runs as).
      dataDirectory: (dir) => ({ args: [`--datadir=${dir}`] }),
      // No preStop: the image's entrypoint execs mysqld as the container's main process and sets no
      // STOPSIGNAL, so the kubelet's SIGTERM reaches mysqld, which shuts down cleanly like SHUTDOWN
      // (MySQL 8.0 manual, "Unix Signal Handling in MySQL"; docs/facts.md#database-shutdown-postgres-fast-stop-mysql-and-mongodb-on-sigterm).
      enableServiceLinks: false,
    });
    this.database = props.credentials.database;
  }
}
