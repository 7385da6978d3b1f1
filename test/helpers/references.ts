// Cross-object reference checks for a set of manifests: everything a cluster would otherwise
// report only at run time (a Service with no endpoints, a pod stuck on a missing key, …).
// `referenceProblems` returns one sentence per problem, so a test can expect `[]` and print the rest.
import { at, K8sObject, namespaceOf, selects } from './manifests';

/** Kinds that have no namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'StorageClass', 'PriorityClass']);
/** Namespaces every cluster has. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
/** Kinds with a pod template at spec.template. */
const TEMPLATED = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

interface EnvVarShape {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}

interface ContainerShape {
  name: string;
  command?: string[];
  args?: string[];
  ports?: { containerPort: number; name?: string }[];
  env?: EnvVarShape[];
  envFrom?: { configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }[];
  volumeMounts?: { name: string; mountPath: string }[];
  readinessProbe?: ProbeShape;
  livenessProbe?: ProbeShape;
  startupProbe?: ProbeShape;
}

interface ProbeShape {
  tcpSocket?: { port: number | string };
  httpGet?: { port: number | string };
}

interface VolumeShape {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  configMap?: { name: string; items?: { key: string }[]; optional?: boolean };
  secret?: { secretName: string; items?: { key: string }[]; optional?: boolean };
}

interface Selector {
  matchLabels?: Record<string, string>;
}

function label(o: K8sObject): string {
  return CLUSTER_SCOPED.has(o.kind) ? `${o.kind} ${o.metadata.name}` : `${o.kind} ${namespaceOf(o)}/${o.metadata.name}`;
}

function podLabels(w: K8sObject): Record<string, string> | undefined {
  return at(w, 'spec', 'template', 'metadata', 'labels');
}

function podContainers(w: K8sObject): ContainerShape[] {
  return [...(at<ContainerShape[]>(w, 'spec', 'template', 'spec', 'initContainers') ?? []), ...(at<ContainerShape[]>(w, 'spec', 'template', 'spec', 'containers') ?? [])];
}

function dataKeys(o: K8sObject | undefined): string[] {
  return [...Object.keys(at<Record<string, string>>(o, 'data') ?? {}), ...Object.keys(at<Record<string, string>>(o, 'stringData') ?? {})];
}

/** `$(NAME)` references Kubernetes expands in env values, command and args (`$$(…)` escapes one). */
function expansions(text: string): string[] {
  return [...text.matchAll(/(?<!\$)\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g)].map((m) => m[1]);
}

function portMatches(container: ContainerShape, port: number | string): boolean {
  return (container.ports ?? []).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port));
}

/**
 * Every reference between `objects` that does not resolve. Objects outside the set count as
 * missing, except built-in namespaces, the `default` ServiceAccount and the cluster's default
 * StorageClass (a claim without `storageClassName`).
 */
export function referenceProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const find = (kind: string, namespace: string | undefined, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || namespaceOf(o) === namespace));
  const workloads = objects.filter((o) => TEMPLATED.includes(o.kind));

  // Identity: no duplicates, namespaces exist, cluster-scoped objects have none.
  const seen = new Set<string>();
  for (const o of objects) {
    const id = label(o);
    if (seen.has(id)) problems.push(`${id} is defined twice`);
    seen.add(id);
    if (CLUSTER_SCOPED.has(o.kind)) {
      if (o.metadata.namespace !== undefined) problems.push(`${id} is cluster-scoped but names namespace ${o.metadata.namespace}`);
    } else if (!BUILT_IN_NAMESPACES.has(namespaceOf(o)) && !find('Namespace', undefined, namespaceOf(o))) {
      problems.push(`${id} is in namespace ${namespaceOf(o)}, which is neither built in nor defined`);
    }
  }

  for (const w of workloads) {
    const id = label(w);
    const ns = namespaceOf(w);
    const labels = podLabels(w);
    if (!selects(at(w, 'spec', 'selector', 'matchLabels'), labels)) problems.push(`${id}: spec.selector does not match its own pod labels`);

    // Anti-affinity must select this workload's pods and no other's.
    const antiAffinity = at<Record<string, unknown>>(w, 'spec', 'template', 'spec', 'affinity', 'podAntiAffinity') ?? {};
    const terms = [
      ...(at<{ labelSelector: Selector }[]>(antiAffinity, 'requiredDuringSchedulingIgnoredDuringExecution') ?? []),
      ...(at<{ podAffinityTerm: { labelSelector: Selector } }[]>(antiAffinity, 'preferredDuringSchedulingIgnoredDuringExecution') ?? []).map((t) => t.podAffinityTerm),
    ];
    for (const term of terms) {
      const selected = workloads.filter((x) => namespaceOf(x) === ns && selects(term.labelSelector.matchLabels, podLabels(x)));
      if (!selected.includes(w)) problems.push(`${id}: anti-affinity does not select its own pods`);
      for (const other of selected.filter((x) => x !== w)) problems.push(`${id}: anti-affinity also selects the pods of ${label(other)}`);
    }

    // Volumes the pod declares, and per-pod claims of a StatefulSet.
    const volumes = at<VolumeShape[]>(w, 'spec', 'template', 'spec', 'volumes') ?? [];
    const claimTemplates = (at<{ metadata: { name: string } }[]>(w, 'spec', 'volumeClaimTemplates') ?? []).map((t) => t.metadata.name);
    const volumeNames = new Set([...volumes.map((v) => v.name), ...claimTemplates]);
    for (const v of volumes) {
      if (v.persistentVolumeClaim && !find('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName)) {
        problems.push(`${id}: volume ${v.name} claims PersistentVolumeClaim ${v.persistentVolumeClaim.claimName}, which does not exist in ${ns}`);
      }
      const source = v.configMap ? { kind: 'ConfigMap', name: v.configMap.name, items: v.configMap.items, optional: v.configMap.optional }
        : v.secret ? { kind: 'Secret', name: v.secret.secretName, items: v.secret.items, optional: v.secret.optional } : undefined;
      if (!source || source.optional) continue;
      const target = find(source.kind, ns, source.name);
      if (!target) problems.push(`${id}: volume ${v.name} needs ${source.kind} ${source.name}, which does not exist in ${ns}`);
      for (const item of source.items ?? []) {
        if (target && !dataKeys(target).includes(item.key)) problems.push(`${id}: volume ${v.name} needs key ${item.key} of ${source.kind} ${source.name}, which has no such key`);
      }
    }

    for (const c of podContainers(w)) {
      const where = `${id} container ${c.name}`;
      for (const m of c.volumeMounts ?? []) {
        if (!volumeNames.has(m.name)) problems.push(`${where}: mounts volume ${m.name}, which the pod does not declare`);
      }
      for (const p of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
        const port = p?.tcpSocket?.port ?? p?.httpGet?.port;
        if (port !== undefined && !portMatches(c, port)) problems.push(`${where}: a probe targets port ${port}, which the container does not declare`);
      }
      const defined: string[] = [];
      for (const e of c.env ?? []) {
        for (const name of expansions(e.value ?? '')) {
          if (!defined.includes(name)) problems.push(`${where}: ${e.name} uses $(${name}), which is not defined before it`);
        }
        defined.push(e.name);
        const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
        if (!ref || ref.optional) continue;
        const kind = e.valueFrom?.configMapKeyRef ? 'ConfigMap' : 'Secret';
        const source = find(kind, ns, ref.name);
        if (!source) problems.push(`${where}: ${e.name} reads ${kind} ${ref.name}, which does not exist in ${ns}`);
        else if (!dataKeys(source).includes(ref.key)) problems.push(`${where}: ${e.name} reads key ${ref.key} of ${kind} ${ref.name}, which has no such key`);
      }
      for (const from of c.envFrom ?? []) {
        const ref = from.configMapRef ?? from.secretRef;
        const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
        if (ref && !ref.optional && !find(kind, ns, ref.name)) problems.push(`${where}: envFrom ${kind} ${ref.name} does not exist in ${ns}`);
      }
      for (const text of [...(c.command ?? []), ...(c.args ?? [])]) {
        for (const name of expansions(text)) {
          if (!defined.includes(name)) problems.push(`${where}: command/args use $(${name}), which is not a variable of the container`);
        }
      }
    }

    const account = at<string>(w, 'spec', 'template', 'spec', 'serviceAccountName');
    if (account && account !== 'default' && !find('ServiceAccount', ns, account)) problems.push(`${id}: ServiceAccount ${account} does not exist in ${ns}`);

    if (w.kind === 'StatefulSet') {
      const serviceName = at<string>(w, 'spec', 'serviceName');
      const service = find('Service', ns, serviceName);
      if (!service) problems.push(`${id}: governing Service ${serviceName} does not exist in ${ns}`);
      else {
        if (at(service, 'spec', 'clusterIP') !== 'None') problems.push(`${id}: governing Service ${serviceName} is not headless (clusterIP: None), so pods get no DNS names`);
        if (!selects(at(service, 'spec', 'selector'), labels)) problems.push(`${id}: governing Service ${serviceName} does not select its pods`);
      }
    }
  }

  // Services: select pods, on ports those pods declare; node ports unique and only on NodePort.
  const nodePorts = new Map<number, string>();
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    const id = label(service);
    const selector = at<Record<string, string>>(service, 'spec', 'selector');
    const targets = workloads.filter((w) => namespaceOf(w) === namespaceOf(service) && selects(selector, podLabels(w)));
    if (targets.length === 0) problems.push(`${id}: selector ${JSON.stringify(selector ?? {})} selects no pods`);
    for (const p of at<{ port: number; targetPort?: number | string; nodePort?: number }[]>(service, 'spec', 'ports') ?? []) {
      const target = p.targetPort ?? p.port;
      for (const w of targets) {
        if (!podContainers(w).some((c) => portMatches(c, target))) problems.push(`${id}: targetPort ${target} is not a container port of ${label(w)}`);
      }
      if (p.nodePort !== undefined) {
        if (at(service, 'spec', 'type') !== 'NodePort' && at(service, 'spec', 'type') !== 'LoadBalancer') problems.push(`${id}: nodePort ${p.nodePort} on a Service of type ${String(at(service, 'spec', 'type'))}`);
        const owner = nodePorts.get(p.nodePort);
        if (owner) problems.push(`${id}: nodePort ${p.nodePort} is already taken by ${owner}`);
        nodePorts.set(p.nodePort, id);
      }
    }
  }

  // Claims: bound PersistentVolumes exist and fit.
  for (const claim of objects.filter((o) => o.kind === 'PersistentVolumeClaim')) {
    const volumeName = at<string>(claim, 'spec', 'volumeName');
    if (volumeName === undefined) continue;
    const volume = find('PersistentVolume', undefined, volumeName);
    if (!volume) {
      problems.push(`${label(claim)}: binds PersistentVolume ${volumeName}, which does not exist`);
      continue;
    }
    if (at(volume, 'spec', 'storageClassName') !== at(claim, 'spec', 'storageClassName')) problems.push(`${label(claim)}: storageClassName differs from PersistentVolume ${volumeName}'s`);
    if (at(volume, 'spec', 'capacity', 'storage') !== at(claim, 'spec', 'resources', 'requests', 'storage')) problems.push(`${label(claim)}: requested storage differs from PersistentVolume ${volumeName}'s capacity`);
    const modes = at<string[]>(volume, 'spec', 'accessModes') ?? [];
    for (const mode of at<string[]>(claim, 'spec', 'accessModes') ?? []) {
      if (!modes.includes(mode)) problems.push(`${label(claim)}: access mode ${mode} is not offered by PersistentVolume ${volumeName}`);
    }
  }

  // Ingresses: backends are existing Service ports of the same namespace.
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    for (const rule of at<{ http?: { paths: { backend: { service: { name: string; port: { number?: number; name?: string } } } }[] } }[]>(ingress, 'spec', 'rules') ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend.service;
        const service = find('Service', namespaceOf(ingress), backend.name);
        if (!service) {
          problems.push(`${label(ingress)}: backend Service ${backend.name} does not exist in ${namespaceOf(ingress)}`);
          continue;
        }
        const ports = at<{ port: number; name?: string }[]>(service, 'spec', 'ports') ?? [];
        if (!ports.some((p) => p.port === backend.port.number || (backend.port.name !== undefined && p.name === backend.port.name))) {
          problems.push(`${label(ingress)}: backend port ${backend.port.number ?? backend.port.name} is not a port of Service ${backend.name}`);
        }
      }
    }
  }

  // RBAC: bindings name existing roles and accounts.
  for (const binding of objects.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding')) {
    const roleKind = at<string>(binding, 'roleRef', 'kind');
    const roleName = at<string>(binding, 'roleRef', 'name');
    const role = roleKind === 'ClusterRole' ? find('ClusterRole', undefined, roleName) : find('Role', namespaceOf(binding), roleName);
    if (!role) problems.push(`${label(binding)}: ${roleKind} ${roleName} does not exist`);
    for (const s of at<{ kind: string; name: string; namespace?: string }[]>(binding, 'subjects') ?? []) {
      if (s.kind === 'ServiceAccount' && !find('ServiceAccount', s.namespace ?? namespaceOf(binding), s.name)) {
        problems.push(`${label(binding)}: ServiceAccount ${s.namespace ?? namespaceOf(binding)}/${s.name} does not exist`);
      }
    }
  }

  // Secrets: base64 that decodes to exactly what was meant, without a trailing newline.
  for (const secret of objects.filter((o) => o.kind === 'Secret')) {
    for (const [key, value] of Object.entries(at<Record<string, string>>(secret, 'data') ?? {})) {
      const decoded = Buffer.from(value, 'base64').toString('utf-8');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || Buffer.from(decoded, 'utf-8').toString('base64') !== value) problems.push(`${label(secret)}: key ${key} is not canonical base64`);
      else if (decoded.endsWith('\n')) problems.push(`${label(secret)}: key ${key} ends with a newline`);
    }
  }

  return problems;
}

/**
 * Host names of StatefulSet members (`<set>-<i>.<service>.<namespace>.svc.<domain>`) mentioned in
 * ConfigMap values that name no existing member: a peer list written for another replica count,
 * name or namespace.
 */
export function memberNameProblems(objects: readonly K8sObject[], clusterDomain = 'cluster.local'): string[] {
  const problems: string[] = [];
  const escaped = clusterDomain.replace(/\./g, '\\.');
  const pattern = new RegExp(`([a-z0-9-]+)-(\\d+)\\.([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.${escaped}`, 'g');
  for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
    for (const [key, value] of Object.entries(at<Record<string, string>>(cm, 'data') ?? {})) {
      for (const m of value.matchAll(pattern)) {
        const [host, set, ordinal, service, namespace] = m;
        const sts = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === set && namespaceOf(o) === namespace);
        const where = `${label(cm)} key ${key}: ${host}`;
        if (!sts) problems.push(`${where} names StatefulSet ${namespace}/${set}, which does not exist`);
        else if (at(sts, 'spec', 'serviceName') !== service) problems.push(`${where} uses Service ${service}, but the set's pods are named through ${String(at(sts, 'spec', 'serviceName'))}`);
        else if (Number(ordinal) >= (at<number>(sts, 'spec', 'replicas') ?? 1)) problems.push(`${where} names member ${ordinal}, but the set has ${String(at(sts, 'spec', 'replicas'))} replicas`);
      }
    }
  }
  return problems;
}
