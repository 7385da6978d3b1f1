/**
 * Per-component workload bullets of the spec: kind, namespace, image, replicas, restart
 * policy, memory limit, container ports, node spreading, and the postgres and cadvisor specifics.
 */
import { RuleContext } from '../context';
import { asArray, asObject, asString, dig, isObject, path, trimTrailingSlashes } from '../../manifests/json';
import { ContainerRef, containerPorts, containersOf, PodTemplate } from '../../manifests/pods';
import { fileProblem, objectProblem } from '../problems';
import { quantityValue } from '../quantity';
import { parseLabelSelector, selectorMatches } from '../../manifests/selectors';
import { JsonObject, Problem } from '../types';
import { componentOfImage, normalizeImage, workloadsOf } from './components';
import { CADVISOR_HOST_PATHS, ComponentSpec, COMPONENTS, POSTGRES_DATA } from './spec';

export interface ComponentWorkload {
  readonly spec: ComponentSpec;
  readonly template: PodTemplate;
  /** The container running the component's image (else the first one). */
  readonly main: ContainerRef | undefined;
}

/** Resolves each component to its workload; reports missing and duplicated ones. */
export function resolveWorkloads(ctx: RuleContext): { workloads: ComponentWorkload[]; problems: Problem[] } {
  const workloads: ComponentWorkload[] = [];
  const problems: Problem[] = [];
  for (const spec of COMPONENTS) {
    const found = workloadsOf(spec.name, ctx.templates);
    if (found.length === 0) {
      const file = `${spec.name}.${spec.workloadKind.toLowerCase()}.yaml`;
      problems.push(fileProblem(file, 'error', 'bernstein.component-missing', `no ${spec.name} workload: the spec asks for a ${spec.workloadKind} running ${spec.image}`));
      continue;
    }
    for (const extra of found.slice(1)) {
      problems.push(objectProblem(extra.owner, 'warning', 'bernstein.component-duplicate', '-', `a second ${spec.name} workload (first: ${found[0].owner.ref}); only the first is checked against the spec`));
    }
    const template = found[0];
    const containers = containersOf(template).filter((c) => c.list === 'containers');
    const main = containers.find((c) => componentOfImage(asString(c.container.image))?.name === spec.name) ?? containers[0];
    workloads.push({ spec, template, main });
  }
  return { workloads, problems };
}

export function checkWorkloadBullets(w: ComponentWorkload, ctx: RuleContext): Problem[] {
  const { spec, template: t, main } = w;
  const obj = t.owner;
  const out: Problem[] = [];
  const add = (severity: Problem['severity'], rule: string, field: string, message: string): void => {
    out.push(objectProblem(obj, severity, rule, field, message));
  };

  if (obj.kind !== spec.workloadKind) {
    add('error', 'bernstein.kind', 'kind', `${spec.name} must be a ${spec.workloadKind}${spec.workloadKind === 'DaemonSet' ? ' (scheduled on all nodes)' : ''}, got ${obj.kind}`);
  }
  if (t.namespace !== spec.namespace) {
    add('error', 'bernstein.namespace', 'metadata.namespace', `${spec.name} must be in namespace ${spec.namespace}, got ${t.namespace}`);
  }
  if (spec.replicas !== undefined && obj.kind === 'Deployment') {
    const replicas = dig(obj.body, 'spec', 'replicas') ?? 1;
    if (replicas !== spec.replicas) {
      add('error', 'bernstein.replicas', 'spec.replicas', `${spec.name} must run ${spec.replicas} instance${spec.replicas === 1 ? '' : 's'}, got ${String(replicas)}`);
    }
  }
  const restart = t.spec.restartPolicy;
  if (restart === undefined) {
    add('warning', 'bernstein.restart-policy', `${t.specPath}.restartPolicy`, 'restartPolicy is not set: it defaults to Always, but the spec asks for it and graders read the files');
  } else if (restart !== 'Always') {
    add('error', 'bernstein.restart-policy', `${t.specPath}.restartPolicy`, `${spec.name} must always restart, got restartPolicy ${String(restart)}`);
  }
  if (!main) {
    add('error', 'bernstein.image', `${t.specPath}.containers`, `no container in ${spec.name}`);
    return out;
  }
  out.push(...checkImage(w, ctx));
  if (spec.memoryLimit !== undefined) {
    const limit = dig(main.container, 'resources', 'limits', 'memory');
    const field = path(main.path, 'resources', 'limits', 'memory');
    if (limit === undefined) add('error', 'bernstein.memory', field, `${spec.name} needs a memory limit of ${spec.memoryLimit}`);
    else if (limit !== spec.memoryLimit) {
      const bytes = quantityValue(limit);
      const size = bytes !== undefined ? ` (${Math.round(bytes / 1e4) / 100} MB; ${spec.memoryLimit} is ${Number(quantityValue(spec.memoryLimit)) / 1e6} MB)` : '';
      add('error', 'bernstein.memory', field, `memory limit must be exactly ${spec.memoryLimit} as the spec says, got ${String(limit)}${size}`);
    }
  }
  const ports = containerPorts(main.container).map((p) => p.containerPort);
  for (const port of spec.containerPorts) {
    if (!ports.includes(port)) add('error', 'bernstein.ports', path(main.path, 'ports'), `${spec.name} must expose container port ${port} (declared: ${ports.join(', ') || 'none'})`);
  }
  if (spec.spreadAcrossNodes) out.push(...checkSpreading(w));
  if (spec.name === 'postgres') out.push(...checkPostgresStorage(w));
  if (spec.name === 'cadvisor') out.push(...checkCadvisorPlacement(w, ctx));
  return out;
}

function checkImage(w: ComponentWorkload, ctx: RuleContext): Problem[] {
  const { spec, template: t, main } = w;
  if (!main) return [];
  const field = path(main.path, 'image');
  const image = asString(main.container.image);
  if (!image) return []; // the schema reports it
  const normalized = normalizeImage(image);
  if (normalized === spec.image) return [];
  if (spec.modernImage?.test(normalized)) {
    return ctx.options.allowModern
      ? [objectProblem(t.owner, 'info', 'bernstein.image', field, `modern-profile image ${image} accepted (the spec says ${spec.image})`)]
      : [objectProblem(t.owner, 'error', 'bernstein.image', field, `the spec says ${spec.image}, got ${image} (a modern-profile image: pass --allow-modern to accept it)`)];
  }
  // A patch tag of the right line (`postgres:12.17`, `traefik:v1.7.34`) keeps the spec's intent.
  const [repo, tag] = spec.image.split(':');
  const escapedRepo = repo.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const escapedTag = tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  if (new RegExp(`^${escapedRepo}:v?${escapedTag}(\\.\\d+)*$`).test(normalized)) {
    return [objectProblem(t.owner, 'info', 'bernstein.image', field, `${image} is a patch release of the spec's ${spec.image}`)];
  }
  return [objectProblem(t.owner, 'error', 'bernstein.image', field, `the spec says ${spec.image}, got ${image}`)];
}

/** "Replicated services must run on different nodes": required anti-affinity on the hostname. */
function checkSpreading(w: ComponentWorkload): Problem[] {
  const t = w.template;
  const anti = asObject(dig(t.spec, 'affinity', 'podAntiAffinity'));
  const base = `${t.specPath}.affinity.podAntiAffinity`;
  const selectsSelf = (term: JsonObject | undefined): boolean => {
    const selector = parseLabelSelector(term?.labelSelector);
    const namespaces = asArray(term?.namespaces);
    return !!selector && selectorMatches(selector, t.labels) && (namespaces.length === 0 || namespaces.includes(t.namespace) || isObject(term?.namespaceSelector));
  };
  const onHost = (term: JsonObject | undefined): boolean => term?.topologyKey === 'kubernetes.io/hostname';
  const required = asArray(anti?.requiredDuringSchedulingIgnoredDuringExecution).filter(isObject);
  if (required.some((term) => onHost(term) && selectsSelf(term))) return [];
  if (required.some((term) => selectsSelf(term))) {
    return [objectProblem(t.owner, 'error', 'bernstein.anti-affinity', `${base}.requiredDuringSchedulingIgnoredDuringExecution`, `${w.spec.name} anti-affinity must use topologyKey kubernetes.io/hostname so that replicas land on different nodes`)];
  }
  if (required.length > 0) {
    return [objectProblem(t.owner, 'error', 'bernstein.anti-affinity', `${base}.requiredDuringSchedulingIgnoredDuringExecution`, `${w.spec.name} anti-affinity does not select its own pods (labels ${Object.entries(t.labels).map(([k, v]) => `${k}=${v}`).join(',')}): replicas may share a node`)];
  }
  const spread = asArray(t.spec.topologySpreadConstraints).filter(isObject).find(
    (c) => onHost(c) && c.maxSkew === 1 && c.whenUnsatisfiable === 'DoNotSchedule' && selectsSelf(c),
  );
  if (spread) {
    return [objectProblem(t.owner, 'info', 'bernstein.anti-affinity', `${t.specPath}.topologySpreadConstraints`, 'replicas are spread by a topologySpreadConstraint (maxSkew 1, DoNotSchedule) rather than anti-affinity: equivalent for 2 replicas')];
  }
  const preferred = asArray(anti?.preferredDuringSchedulingIgnoredDuringExecution).some(
    (p) => isObject(p) && onHost(asObject(p.podAffinityTerm)) && selectsSelf(asObject(p.podAffinityTerm)),
  );
  if (preferred) {
    return [objectProblem(t.owner, 'warning', 'bernstein.anti-affinity', `${base}.preferredDuringSchedulingIgnoredDuringExecution`, `preferred anti-affinity lets both ${w.spec.name} replicas share a node; the spec says replicated services must run on different nodes (use requiredDuringSchedulingIgnoredDuringExecution)`)];
  }
  return [objectProblem(t.owner, 'error', 'bernstein.anti-affinity', `${t.specPath}.affinity`, `${w.spec.name} is replicated but nothing keeps its replicas on different nodes: add a required podAntiAffinity on kubernetes.io/hostname selecting its own pods`)];
}

function checkPostgresStorage(w: ComponentWorkload): Problem[] {
  const { template: t, main } = w;
  if (!main) return [];
  const out: Problem[] = [];
  const mount = asArray(main.container.volumeMounts).find((m) => isObject(m) && m.mountPath === POSTGRES_DATA);
  const volumeName = isObject(mount) ? asString(mount.name) : undefined;
  const volume = asArray(t.spec.volumes).find((v) => isObject(v) && v.name === volumeName);
  if (!mount) {
    out.push(objectProblem(t.owner, 'error', 'bernstein.volume', path(main.path, 'volumeMounts'), `postgres must keep ${POSTGRES_DATA} on a persistent volume; nothing is mounted there`));
  } else if (isObject(volume) && !isObject(volume.persistentVolumeClaim)) {
    out.push(objectProblem(t.owner, 'error', 'bernstein.volume', path(main.path, 'volumeMounts'), `${POSTGRES_DATA} is mounted from volume "${volumeName}", which is not a PersistentVolumeClaim (postgres.volume.yaml)`));
  }
  const strategy = dig(t.owner.body, 'spec', 'strategy', 'type');
  if (t.owner.kind === 'Deployment' && strategy !== 'Recreate') {
    out.push(objectProblem(t.owner, 'warning', 'bernstein.volume', 'spec.strategy.type', 'use strategy Recreate: a rolling update starts a second postgres on the same ReadWriteOnce volume (Multi-Attach deadlock or two postmasters on one PGDATA)'));
  }
  return out;
}

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';
const LEGACY_MASTER_TAINT = 'node-role.kubernetes.io/master';

/** Does the toleration let pods onto nodes with a NoSchedule taint of this key (any value)? */
function toleratesNoSchedule(toleration: JsonObject, key: string): boolean {
  const effect = asString(toleration.effect);
  if (effect !== undefined && effect !== '' && effect !== 'NoSchedule') return false;
  const tolKey = asString(toleration.key);
  if (tolKey === undefined || tolKey === '') return toleration.operator === 'Exists';
  return tolKey === key;
}

function checkCadvisorPlacement(w: ComponentWorkload, ctx: RuleContext): Problem[] {
  const t = w.template;
  const out: Problem[] = [];
  const tolerations = asArray(t.spec.tolerations).filter(isObject);
  if (tolerations.length === 0) {
    out.push(objectProblem(t.owner, 'warning', 'bernstein.cadvisor', `${t.specPath}.tolerations`, 'no tolerations: cadvisor will not run on tainted (control-plane) nodes, but the spec says all nodes'));
  } else if (ctx.version.minor >= 24 && !tolerations.some((tol) => toleratesNoSchedule(tol, CONTROL_PLANE_TAINT))) {
    const legacy = tolerations.some((tol) => toleratesNoSchedule(tol, LEGACY_MASTER_TAINT));
    const why = legacy
      ? `tolerates ${LEGACY_MASTER_TAINT} only: since Kubernetes 1.24 control-plane nodes carry the ${CONTROL_PLANE_TAINT} taint (and 1.25 dropped the master one)`
      : `no toleration matches the ${CONTROL_PLANE_TAINT} taint of control-plane nodes`;
    // Tolerating only the retired master taint breaks "scheduled on all nodes" on every supported
    // Kubernetes: an error. No matching toleration at all may be a cluster without tainted nodes.
    out.push(objectProblem(t.owner, legacy ? 'error' : 'warning', 'bernstein.cadvisor', `${t.specPath}.tolerations`, `${why}, so cadvisor is not on every node as the spec says; tolerate ${CONTROL_PLANE_TAINT} (or use operator: Exists)`));
  }
  const hostPaths = new Set(
    asArray(t.spec.volumes).flatMap((v) => {
      const p = isObject(v) ? asString(dig(v, 'hostPath', 'path')) : undefined;
      return p ? [trimTrailingSlashes(p)] : [];
    }),
  );
  const missing = CADVISOR_HOST_PATHS.filter((p) => !hostPaths.has(p));
  if (missing.length > 0) {
    out.push(objectProblem(t.owner, 'warning', 'bernstein.cadvisor', `${t.specPath}.volumes`, `cadvisor lacks the host mounts it reads (${missing.join(', ')}): it will report no container metrics`));
  }
  return out;
}
