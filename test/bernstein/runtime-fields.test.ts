// What the snapshots also pin, asserted by meaning: probe commands, service-account token
// mounting, security-relevant pod fields, service links and restart policy. A change to any of
// them fails here with a reason, not only as a snapshot diff that `jest -u` would wave through.
import { STACKS } from '../../src/charts/stacks';
import { at, containers, find, K8sObject, podSpec, synthObjects, WORKLOAD_KINDS } from '../helpers/manifests';

interface Probe {
  exec?: { command: string[] };
  httpGet?: { path: string; port: number };
  tcpSocket?: { port: number };
}

const PROFILES = ['spec', 'modern'] as const;

describe.each(PROFILES)('bernstein, profile %s', (profile) => {
  const objects = synthObjects({ profile });
  const workload = (name: string) => find(objects, name === 'cadvisor' ? 'DaemonSet' : 'Deployment', name);
  const container = (name: string) => containers(workload(name))[0] as ReturnType<typeof containers>[0] & { livenessProbe?: Probe; readinessProbe?: Probe; securityContext?: Record<string, unknown> };
  const port = (name: string, index = 0) => container(name).ports![index].containerPort;

  test('postgres: liveness and readiness run pg_isready on its own port, as the configured user and database', () => {
    const command = ['sh', '-c', `pg_isready -h 127.0.0.1 -p ${port('postgres')} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`];
    expect(container('postgres').livenessProbe?.exec?.command).toEqual(command);
    expect(container('postgres').readinessProbe?.exec?.command).toEqual(command);
    // The variables the shell expands are the container's own.
    expect(container('postgres').env!.map((e) => e.name)).toEqual(expect.arrayContaining(['POSTGRES_USER', 'POSTGRES_DB']));
  });

  test('redis: liveness and readiness run redis-cli ping on its own port', () => {
    const command = ['redis-cli', '-p', String(port('redis')), 'ping'];
    expect(container('redis').livenessProbe?.exec?.command).toEqual(command);
    expect(container('redis').readinessProbe?.exec?.command).toEqual(command);
  });

  test('traefik: liveness and readiness GET /ping on the admin port, and ping is switched on', () => {
    const admin = container('traefik').ports!.find((p) => p.containerPort === 8080);
    expect(admin).toBeDefined();
    for (const probe of [container('traefik').livenessProbe, container('traefik').readinessProbe]) {
      expect(probe?.httpGet).toEqual({ path: '/ping', port: 8080 });
    }
    expect(container('traefik').args).toContain(profile === 'spec' ? '--ping' : '--ping=true');
  });

  test.each(['poll', 'result'])('%s: readiness is a TCP check of its HTTP port; no liveness probe restarts it', (name) => {
    expect(container(name).readinessProbe).toEqual(expect.objectContaining({ tcpSocket: { port: port(name) } }));
    expect(container(name).livenessProbe).toBeUndefined();
  });

  test('worker: no port, so no probe', () => {
    expect(container('worker').ports).toBeUndefined();
    expect(container('worker').readinessProbe).toBeUndefined();
    expect(container('worker').livenessProbe).toBeUndefined();
  });

  test('only traefik runs under its own ServiceAccount, the one its ClusterRoleBinding names, with its token mounted', () => {
    const traefik = podSpec(workload('traefik'));
    const account = find(objects, 'ServiceAccount', traefik.serviceAccountName as string);
    const binding = objects.map((o) => o.object).find((o) => o.kind === 'ClusterRoleBinding') as K8sObject;
    expect(at(binding, 'subjects')).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: workload('traefik').metadata.namespace }]);
    expect(account.metadata.namespace).toBe(workload('traefik').metadata.namespace);
    // Traefik watches the API: it needs the token (false here would make it fail to list anything).
    expect(traefik.automountServiceAccountToken).not.toBe(false);
    for (const name of ['redis', 'postgres', 'poll', 'worker', 'result', 'cadvisor']) {
      expect([name, podSpec(workload(name)).serviceAccountName]).toEqual([name, undefined]);
    }
  });

  test('cadvisor never talks to the API server: no token mounted', () => {
    expect(podSpec(workload('cadvisor')).automountServiceAccountToken).toBe(false);
  });

  test('cadvisor reads the host through read-only mounts; only the modern profile is privileged and writes /dev/kmsg', () => {
    const mounts = container('cadvisor').volumeMounts!;
    const writable = mounts.filter((m) => !m.readOnly).map((m) => m.mountPath);
    expect(mounts.map((m) => m.mountPath)).toEqual(expect.arrayContaining(['/rootfs', '/var/run', '/sys', '/var/lib/docker', '/dev/disk']));
    if (profile === 'spec') {
      expect(container('cadvisor').securityContext).toBeUndefined();
      expect(writable).toEqual([]);
    } else {
      expect(container('cadvisor').securityContext).toEqual({ privileged: true });
      expect(writable).toEqual(['/dev/kmsg']);
    }
  });

  test('no other container or pod sets a security context', () => {
    const withContext = objects.filter((o) => WORKLOAD_KINDS.includes(o.object.kind)).flatMap(({ object }) => [
      ...(podSpec(object).securityContext !== undefined ? [`${object.metadata.name} (pod)`] : []),
      ...containers(object).filter((c) => (c as { securityContext?: unknown }).securityContext !== undefined).map((c) => `${object.metadata.name}/${c.name}`),
    ]);
    expect(withContext).toEqual(profile === 'spec' ? [] : ['cadvisor/cadvisor']);
  });

  test('the apps (poll, worker, result) get no service-link variables; the images that do not parse them keep the default', () => {
    for (const name of ['poll', 'worker', 'result']) expect([name, podSpec(workload(name)).enableServiceLinks]).toEqual([name, false]);
    for (const name of ['redis', 'postgres', 'traefik', 'cadvisor']) expect([name, podSpec(workload(name)).enableServiceLinks]).toEqual([name, undefined]);
  });
});

describe.each(STACKS.flatMap((stack) => stack.profiles.map((profile) => [stack.name, profile] as const)))('stack %s, profile %s', (stack, profile) => {
  const workloads = synthObjects({ stack, profile }).map((o) => o.object).filter((o) => WORKLOAD_KINDS.includes(o.kind));

  test('every pod template says restartPolicy: Always', () => {
    expect(workloads.map((w) => [w.metadata.name, podSpec(w).restartPolicy])).toEqual(workloads.map((w) => [w.metadata.name, 'Always']));
  });

  test('no pod shares the host network, PID or IPC namespace', () => {
    const shared = workloads.flatMap((w) => ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => podSpec(w)[f] !== undefined).map((f) => `${w.metadata.name}.${f}`));
    expect(shared).toEqual([]);
  });

  test('only the modern and hardened cAdvisor is privileged, and no container may escalate otherwise', () => {
    const privileged = workloads.flatMap((w) => containers(w).filter((c) => at(c, 'securityContext', 'privileged') === true).map((c) => `${w.metadata.name}/${c.name}`));
    expect(privileged).toEqual(stack === 'bernstein' && profile !== 'spec' ? ['cadvisor/cadvisor'] : []);
    const capabilities = workloads.flatMap((w) => containers(w).filter((c) => at(c, 'securityContext', 'capabilities', 'add') !== undefined).map((c) => `${w.metadata.name}/${c.name}`));
    expect(capabilities).toEqual([]);
  });
});
