// Issue 12: a deleted database pod stops fast and cleanly. The preStop command is checked against
// what the official postgres:12 image provides (docs/facts.md#database-shutdown-postgres-fast-stop-mysql-and-mongodb-on-sigterm, docker-library/postgres
// 12/bookworm/Dockerfile and docker-entrypoint.sh): these facts are written here independently of
// the construct, so a change on either side fails the test.
import { at, containers, find, podSpec, synthObjects } from '../helpers/manifests';
import { PROFILES } from '../../src/charts/bernstein-chart';

const POSTGRES_12_IMAGE = {
  /** `useradd -r -g postgres --uid=999 … postgres`; the entrypoint steps down to it with gosu. */
  user: 'postgres',
  uid: 999,
  /** Installed to /usr/local/bin/gosu (on the default PATH). */
  stepDown: 'gosu',
  /** `ENV PATH $PATH:/usr/lib/postgresql/$PG_MAJOR/bin` puts pg_ctl on PATH. */
  pgCtlOnPath: 'pg_ctl',
  /** `ENV PGDATA /var/lib/postgresql/data`. */
  pgData: '/var/lib/postgresql/data',
};

describe.each(PROFILES)('postgres, profile %s', (profile) => {
  const objects = synthObjects({ profile });
  const postgres = find(objects, 'Deployment', 'postgres');
  const [container] = containers(postgres);
  const command = at<string[]>(container, 'lifecycle', 'preStop', 'exec', 'command');
  const flag = (name: string) => command[command.indexOf(name) + 1];

  test('preStop runs pg_ctl as the image\'s postgres user (pg_ctl refuses root), found on the image\'s PATH', () => {
    const runAsUser = at<number | undefined>(container, 'securityContext', 'runAsUser') ?? at<number | undefined>(podSpec(postgres), 'securityContext', 'runAsUser');
    if (runAsUser === undefined) {
      // Started as root (the image's default): step down the way the entrypoint does.
      expect(command.slice(0, 4)).toEqual([POSTGRES_12_IMAGE.stepDown, POSTGRES_12_IMAGE.user, POSTGRES_12_IMAGE.pgCtlOnPath, 'stop']);
    } else {
      // Already the image's user: gosu would need root, so pg_ctl runs directly.
      expect(runAsUser).toBe(POSTGRES_12_IMAGE.uid);
      expect(command.slice(0, 2)).toEqual([POSTGRES_12_IMAGE.pgCtlOnPath, 'stop']);
    }
  });

  test('-D names the live data directory: PGDATA in the container, on the data volume (its mount, or a directory in it when restricted)', () => {
    const claimVolume = at<{ name: string; persistentVolumeClaim?: unknown }[]>(podSpec(postgres), 'volumes').find((v) => v.persistentVolumeClaim)!;
    const dataMount = container.volumeMounts!.find((m) => m.name === claimVolume.name)!;
    const pgData = container.env?.find((e) => e.name === 'PGDATA')?.value ?? POSTGRES_12_IMAGE.pgData;
    expect(flag('-D')).toBe(pgData);
    expect(pgData === dataMount.mountPath || (dataMount.subPath === undefined && pgData.startsWith(`${dataMount.mountPath}/`))).toBe(true);
  });

  // pg_ctl's documented synopsis: `pg_ctl stop [-D datadir] [-m s[mart]|f[ast]|i[mmediate]] [-W] [-t seconds] [-s]`.
  test('every option is one `pg_ctl stop` takes', () => {
    const options = command.slice(command.indexOf('stop') + 1).filter((word) => word.startsWith('-'));
    for (const option of options) expect(['-D', '-m', '-W', '-w', '-t', '-s']).toContain(option);
  });

  // pg_ctl.c do_stop: without waiting, it sends the signal, prints "server shutting down" and
  // exits 0. A waiting pg_ctl outlives the server only until the container stops, and is killed.
  test('fast mode requested without waiting, so the hook ends 0 and the server stops within the grace period', () => {
    expect(flag('-m')).toBe('fast');
    expect(command[command.length - 1]).toBe('-W');
    expect(command).not.toContain('-w');
    expect(command).not.toContain('-t');
    expect(at<number>(podSpec(postgres), 'terminationGracePeriodSeconds')).toBeGreaterThan(30); // more than Kubernetes' default
  });
});

test.each<[string, string]>([['lifespan', 'mysql'], ['promotions', 'mongodb']])(
  '%s %s relies on its server\'s own clean shutdown on SIGTERM (no hook, default grace)',
  (stack, name) => {
    const database = find(synthObjects({ stack }), 'Deployment', name);
    expect(at(containers(database)[0], 'lifecycle')).toBeUndefined();
    expect(at(podSpec(database), 'terminationGracePeriodSeconds')).toBeUndefined();
  },
);
