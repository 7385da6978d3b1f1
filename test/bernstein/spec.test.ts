// Every bullet of the Bernstein specification (seed 003), checked on the synthesized objects.
import { at, containers, find, podSpec, synthObjects } from '../helpers/manifests';

interface ComponentSpec {
  kind: 'Deployment' | 'DaemonSet';
  namespace: string;
  image: string;
  replicas?: number;
  memory?: string;
  ports: number[];
  env: string[];
}

const POSTGRES_ENV = ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD'];

const SPEC: Record<string, ComponentSpec> = {
  redis: { kind: 'Deployment', namespace: 'default', image: 'redis:5.0', replicas: 1, ports: [6379], env: [] },
  postgres: { kind: 'Deployment', namespace: 'default', image: 'postgres:12', replicas: 1, ports: [5432], env: POSTGRES_ENV },
  poll: { kind: 'Deployment', namespace: 'default', image: 'epitechcontent/t-dop-600-poll:k8s', replicas: 2, memory: '128M', ports: [80], env: ['REDIS_HOST'] },
  worker: { kind: 'Deployment', namespace: 'default', image: 'epitechcontent/t-dop-600-worker:k8s', replicas: 1, memory: '256M', ports: [], env: ['REDIS_HOST', ...POSTGRES_ENV] },
  result: { kind: 'Deployment', namespace: 'default', image: 'epitechcontent/t-dop-600-result:k8s', replicas: 2, memory: '128M', ports: [80], env: POSTGRES_ENV },
  traefik: { kind: 'Deployment', namespace: 'kube-public', image: 'traefik:1.7', replicas: 2, ports: [80, 8080], env: [] },
  cadvisor: { kind: 'DaemonSet', namespace: 'kube-system', image: 'google/cadvisor:latest', ports: [8080], env: [] },
};

const objects = synthObjects();

describe.each(Object.entries(SPEC))('%s', (name, spec) => {
  const workload = find(objects, spec.kind, name);
  const [container] = containers(workload);

  test('image, namespace, replicas', () => {
    expect(container.image).toBe(spec.image);
    expect(workload.metadata.namespace).toBe(spec.namespace);
    expect(at(workload, 'spec', 'replicas')).toBe(spec.replicas);
  });

  test('always restarts, written explicitly', () => {
    expect(podSpec(workload).restartPolicy).toBe('Always');
  });

  test('memory limit written exactly as the spec says', () => {
    expect(container.resources?.limits?.memory).toBe(spec.memory);
  });

  test('exposes exactly the spec ports', () => {
    expect((container.ports ?? []).map((p) => p.containerPort)).toEqual(spec.ports);
  });

  test('gets exactly the spec variables, each by key reference', () => {
    const env = container.env ?? [];
    expect(env.map((e) => e.name).sort()).toEqual([...spec.env].sort());
    for (const e of env) {
      expect(e.value).toBeUndefined();
      expect(e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef).toBeDefined();
    }
  });
});

test('POSTGRES_USER and POSTGRES_PASSWORD come from a Secret, every other variable from a ConfigMap', () => {
  for (const name of Object.keys(SPEC)) {
    for (const e of containers(find(objects, SPEC[name].kind, name))[0].env ?? []) {
      const fromSecret = e.valueFrom?.secretKeyRef !== undefined;
      expect({ name, variable: e.name, fromSecret }).toEqual({ name, variable: e.name, fromSecret: ['POSTGRES_USER', 'POSTGRES_PASSWORD'].includes(e.name) });
    }
  }
});

test('replicated services (poll, result, traefik) are required to run on different nodes', () => {
  for (const name of ['poll', 'result', 'traefik']) {
    const terms = at<unknown[]>(podSpec(find(objects, 'Deployment', name)), 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution');
    expect(terms).toEqual([{ labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' }]);
  }
});

test('Traefik routes poll.dop.io and result.dop.io through networking.k8s.io/v1 Ingresses it reads', () => {
  for (const [name, host] of [['poll', 'poll.dop.io'], ['result', 'result.dop.io']]) {
    const ingress = find(objects, 'Ingress', name);
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.metadata.annotations).toEqual({ 'kubernetes.io/ingress.class': 'traefik' });
    expect(at(ingress, 'spec', 'rules')).toEqual([{
      host,
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } }] },
    }]);
  }
});

test('Traefik exposes 80 and 8080 in the cluster and 30021 / 30042 on the hosts', () => {
  const service = find(objects, 'Service', 'traefik');
  expect(at(service, 'spec', 'type')).toBe('NodePort');
  expect(at<{ port: number; targetPort: number; nodePort: number }[]>(service, 'spec', 'ports').map((p) => [p.port, p.targetPort, p.nodePort]))
    .toEqual([[80, 80, 30021], [8080, 8080, 30042]]);
  expect(containers(find(objects, 'Deployment', 'traefik'))[0].args).toEqual(['--api', '--kubernetes', '--logLevel=INFO', '--ping']);
});

test('Traefik RBAC is rbac/v1, read-only on what it watches, ingress status only, no wildcards, bound in kube-public', () => {
  const role = find(objects, 'ClusterRole', 'traefik-ingress-controller');
  expect(role.apiVersion).toBe('rbac.authorization.k8s.io/v1');
  const rules = at<{ apiGroups: string[]; resources: string[]; verbs: string[] }[]>(role, 'rules');
  expect(JSON.stringify(rules)).not.toContain('*');
  const can = (group: string, resource: string, verb: string) =>
    rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
  for (const resource of ['services', 'endpoints', 'secrets']) for (const verb of ['get', 'list', 'watch']) expect(can('', resource, verb)).toBe(true);
  for (const group of ['extensions', 'networking.k8s.io']) {
    for (const verb of ['get', 'list', 'watch']) expect(can(group, 'ingresses', verb)).toBe(true);
    expect(can(group, 'ingresses/status', 'update')).toBe(true);
  }
  for (const r of rules) {
    const writes = r.verbs.filter((v) => !['get', 'list', 'watch'].includes(v));
    expect(writes.length === 0 || (r.resources.every((x) => x === 'ingresses/status') && writes.join() === 'update')).toBe(true);
  }
  const binding = find(objects, 'ClusterRoleBinding', 'traefik-ingress-controller');
  expect(at(binding, 'subjects')).toEqual([{ kind: 'ServiceAccount', name: 'traefik-ingress-controller', namespace: 'kube-public' }]);
  expect(podSpec(find(objects, 'Deployment', 'traefik')).serviceAccountName).toBe('traefik-ingress-controller');
});

test('cadvisor runs on all nodes (tolerates every taint) with the standard read-only host mounts', () => {
  const ds = find(objects, 'DaemonSet', 'cadvisor');
  expect(podSpec(ds).tolerations).toEqual([{ operator: 'Exists' }]);
  const mounts = containers(ds)[0].volumeMounts ?? [];
  const volumes = at<{ name: string; hostPath: { path: string } }[]>(podSpec(ds), 'volumes');
  const hostToMount = mounts.map((m) => [volumes.find((v) => v.name === m.name)?.hostPath.path, m.mountPath, m.readOnly]);
  expect(hostToMount).toEqual([
    ['/', '/rootfs', true], ['/var/run', '/var/run', true], ['/sys', '/sys', true],
    ['/var/lib/docker', '/var/lib/docker', true], ['/dev/disk', '/dev/disk', true],
  ]);
});

test('postgres keeps its data on the persistent volume, in a sub-directory, one writer at a time', () => {
  const deployment = find(objects, 'Deployment', 'postgres');
  expect(at(deployment, 'spec', 'strategy')).toEqual({ type: 'Recreate' });
  const data = containers(deployment)[0].volumeMounts?.find((m) => m.mountPath === '/var/lib/postgresql/data');
  expect(data?.subPath).toBe('pgdata');
  expect(at(find(objects, 'PersistentVolume', 'postgres-pv'), 'spec', 'persistentVolumeReclaimPolicy')).toBe('Retain');
});

test('postgres and redis have readiness and liveness probes', () => {
  for (const name of ['postgres', 'redis']) {
    const [c] = containers(find(objects, 'Deployment', name)) as unknown as { readinessProbe?: unknown; livenessProbe?: unknown }[];
    expect(c.readinessProbe).toBeDefined();
    expect(c.livenessProbe).toBeDefined();
  }
});

test('poll, worker and result run without service links', () => {
  for (const name of ['poll', 'worker', 'result']) expect(podSpec(find(objects, 'Deployment', name)).enableServiceLinks).toBe(false);
});

test('the votes table is created on first start from the postgres ConfigMap', () => {
  const config = find(objects, 'ConfigMap', 'postgres-config');
  expect(at(config, 'data', 'init.sql')).toBe('CREATE TABLE IF NOT EXISTS votes (id text PRIMARY KEY, vote text NOT NULL);\n');
  const deployment = find(objects, 'Deployment', 'postgres');
  const init = containers(deployment)[0].volumeMounts?.find((m) => m.mountPath === '/docker-entrypoint-initdb.d');
  const volume = at<{ name: string; configMap?: { name: string; items: { key: string; path: string }[] } }[]>(podSpec(deployment), 'volumes')
    .find((v) => v.name === init?.name);
  expect(volume?.configMap).toEqual({ name: 'postgres-config', items: [{ key: 'init.sql', path: 'init.sql' }] });
});

test('namespaces are explicit on namespaced objects and absent from cluster-scoped ones', () => {
  const clusterScoped = ['PersistentVolume', 'ClusterRole', 'ClusterRoleBinding'];
  for (const { object } of objects) {
    expect({ kind: object.kind, hasNamespace: object.metadata.namespace !== undefined })
      .toEqual({ kind: object.kind, hasNamespace: !clusterScoped.includes(object.kind) });
  }
});
