import { Construct } from 'constructs';
import { constructPath, PropChecker } from '../validation/prop-checker';
import { checkDatabaseProps, databaseStorage, SingleWriterDatabase, SingleWriterDatabaseProps } from './single-writer-database';
import { HealthCheck } from './health-check';

/** Database credentials; user and password go to a Secret, the database name to a ConfigMap. */
export interface PostgresCredentials {
  /** POSTGRES_USER, stored in the Secret. */
  readonly user: string;
  /** POSTGRES_PASSWORD, stored in the Secret. */
  readonly password: string;
  /** POSTGRES_DB, stored in the ConfigMap; the image creates it on first start. */
  readonly database: string;
}

/** Props of {@link Postgres}. */
export interface PostgresProps extends SingleWriterDatabaseProps {
  /** Credentials written to the Secret (user, password) and ConfigMap (database). */
  readonly credentials: PostgresCredentials;
  /** Component name: Deployment and Service name, file stem. @default 'postgres' */
  readonly name?: string;
  /**
   * Container image: the official one or one built from it (the preStop hook uses its `gosu` and
   * `pg_ctl`), up to major 17 (18 moved PGDATA). @default DEFAULT_POSTGRES_IMAGE
   */
  readonly image?: string;
  /** Server port. @default 5432 */
  readonly port?: number;
  /**
   * SQL the image's entrypoint runs once, on an empty data directory: the `init.sql` key of the
   * ConfigMap, mounted in /docker-entrypoint-initdb.d. Tables, roles, seed data: the server
   * creates none of them unless told. @default - no init script: an empty database
   */
  readonly initSql?: string;
}

/** Default image of {@link Postgres}: a supported major of the official image (docs/facts.md#default-images-are-current-releases). */
export const DEFAULT_POSTGRES_IMAGE = 'postgres:17';

const DATA_DIR = '/var/lib/postgresql/data';
const INIT_DIR = '/docker-entrypoint-initdb.d';
const INIT_KEY = 'init.sql';
// A fresh block volume holds `lost+found`, which initdb refuses; a sub-directory is always empty.
const DATA_SUBPATH = 'pgdata';
const DEFAULT_PORT = 5432;

/**
 * What the official image (docker-library/postgres) provides for a clean stop, docs/facts.md#database-shutdown-postgres-fast-stop-mysql-and-mongodb-on-sigterm:
 * the server runs as `postgres` (the entrypoint steps down from root with `gosu`), pg_ctl is on
 * PATH (/usr/lib/postgresql/<major>/bin) and refuses to run as root, and PGDATA is
 * /var/lib/postgresql/data — where the data volume is mounted, so `-D` names the live cluster.
 */
export const POSTGRES_IMAGE_FACTS = { user: 'postgres', stepDown: 'gosu', pgCtl: 'pg_ctl', pgData: DATA_DIR } as const;

// Fast shutdown disconnects clients, rolls back open transactions and writes a shutdown
// checkpoint; the default "smart" mode (SIGTERM) waits for connected clients forever. The hook
// only asks for it (`-W`, no waiting) and ends 0: postgres is the container's main process, so a
// pg_ctl still waiting when the server exits is killed with the container (exit 137, a
// FailedPreStopHook event). The server finishes its shutdown within SHUTDOWN_GRACE_SECONDS;
// Kubernetes' default of 30 s leaves a large checkpoint little room. docs/facts.md#database-shutdown-postgres-fast-stop-mysql-and-mongodb-on-sigterm
const SHUTDOWN_GRACE_SECONDS = 60;

/**
 * A single PostgreSQL server: Secret, ConfigMap (settings and, when given, init SQL), PersistentVolume and
 * claim, a `Recreate` Deployment with probes, and a ClusterIP Service.
 *
 * @example
 * const postgres = new Postgres(chart, 'Postgres', {
 *   credentials: { user: 'shop', password: process.env.POSTGRES_PASSWORD ?? 'dev-only', database: 'shop' },
 *   initSql: 'CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, item text NOT NULL);\n',
 * });
 * new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1.0', port: 8080, env: postgres.connectionEnv() });
 */
export class Postgres extends SingleWriterDatabase {
  constructor(scope: Construct, id: string, props: PostgresProps) {
    const name = props.name ?? 'postgres';
    checkDatabaseProps(new PropChecker(`Postgres ${name}`, constructPath(scope, id)), props)
      .identifier('credentials.user (POSTGRES_USER)', props.credentials.user)
      .identifier('credentials.database (POSTGRES_DB)', props.credentials.database)
      .secret('credentials.password (POSTGRES_PASSWORD)', props.credentials.password)
      .require(props.initSql === undefined || props.initSql.trim() !== '', 'initSql "" is invalid; allowed: SQL statements, or no initSql at all')
      .done();
    const port = props.port ?? DEFAULT_PORT;
    const ready = HealthCheck.command(['sh', '-c', `pg_isready -h 127.0.0.1 -p ${port} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`]);
    super(scope, id, name, props.namespace ?? 'default', {
      kind: 'Postgres',
      image: props.image ?? DEFAULT_POSTGRES_IMAGE,
      port,
      portName: 'postgres',
      secretEntries: { POSTGRES_USER: props.credentials.user, POSTGRES_PASSWORD: props.credentials.password },
      hostKey: 'POSTGRES_HOST',
      configEntries: {
        POSTGRES_HOST: name,
        POSTGRES_PORT: String(port),
        POSTGRES_DB: props.credentials.database,
        ...(props.initSql === undefined ? {} : { [INIT_KEY]: props.initSql }),
      },
      storage: databaseStorage(props),
      dataMountPath: DATA_DIR,
      dataSubPath: DATA_SUBPATH,
      configFiles: props.initSql === undefined ? undefined : { mountPath: INIT_DIR, keys: [INIT_KEY] },
      args: port === DEFAULT_PORT ? undefined : ['-p', String(port)],
      connection: ({ config, secret }) => ({
        host: config.bind('POSTGRES_HOST'),
        port: config.bind('POSTGRES_PORT'),
        database: config.bind('POSTGRES_DB'),
        user: secret.bind('POSTGRES_USER'),
        password: secret.bind('POSTGRES_PASSWORD'),
      }),
      // The Bernstein spec gives postgres all five variables; its image reads only USER, PASSWORD and DB.
      serverEnv: (_stores, c) => [c.host, c.port, c.database, c.user, c.password],
      readiness: ready,
      liveness: ready.withInitialDelay(30),
      resources: props.resources,
      // The official image's `postgres` user; it writes its socket and lock to /var/run/postgresql (docs/facts.md#image-users).
      restrictedRun: { user: 999, group: 999, writablePaths: ['/var/run/postgresql', '/tmp'] },
      restricted: props.restricted,
      // The image's entrypoint creates PGDATA itself (as the user it runs as) when it is missing.
      dataDirectory: (dir) => ({ env: { PGDATA: dir } }),
      shutdown: {
        // Started as root, the hook steps down like the entrypoint; restricted, the container
        // already runs as the image's user, and gosu (which needs root) would fail.
        preStop: [
          ...(props.restricted ? [] : [POSTGRES_IMAGE_FACTS.stepDown, POSTGRES_IMAGE_FACTS.user]),
          POSTGRES_IMAGE_FACTS.pgCtl, 'stop', '-D', props.restricted ? `${DATA_DIR}/${DATA_SUBPATH}` : DATA_DIR, '-m', 'fast', '-W',
        ],
        gracePeriodSeconds: SHUTDOWN_GRACE_SECONDS,
      },
    });
  }
}
