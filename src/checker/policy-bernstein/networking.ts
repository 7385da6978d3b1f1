/**
 * Networking bullets: Services and their ports, the two Traefik host rules, which components
 * stay out of Traefik, and Traefik's own wiring (node ports, API access, provider flags, and
 * whether its Ingress API still exists on the chosen Kubernetes version).
 */
import { RuleContext } from '../context';
import { ingressBackends } from '../ingress-shape';
import { ManifestObject } from '../../manifests/inventory';
import { containerPorts, containersOf } from '../../manifests/pods';
import { asArray, asObject, asString, dig, isObject, path } from '../../manifests/json';
import { fileProblem, objectProblem } from '../problems';
import { selectedTemplates, servicePortMatches } from '../rules/services';
import { JsonObject, Problem } from '../types';
import { componentOf, normalizeImage } from './components';
import { ComponentName } from './spec';
import { ComponentWorkload } from './workloads';

/** Finds each component's Service (the one selecting its pods) and checks its ports. */
export function checkServices(workloads: readonly ComponentWorkload[], ctx: RuleContext): { services: Map<ComponentName, ManifestObject>; problems: Problem[] } {
  const services = new Map<ComponentName, ManifestObject>();
  const problems: Problem[] = [];
  for (const w of workloads) {
    const wanted = w.spec.servicePorts;
    if (!wanted) continue;
    const all = ctx.inventory.ofKind('Service');
    // A component may have several Services (traefik: one for web, one for the dashboard):
    // each wanted port is judged on the Service that exposes it.
    const mine = all.filter((s) => selectedTemplates(s, [w.template]).length > 0);
    if (mine.length === 0) {
      const named = all.find((s) => componentOf(s) === w.spec.name);
      if (named) problems.push(objectProblem(named, 'error', 'bernstein.service', 'spec.selector', `this ${w.spec.name} Service does not select the ${w.spec.name} pods (${w.template.owner.ref})`));
      else problems.push(fileProblem(`${w.spec.name}.service.yaml`, 'error', 'bernstein.service', `no Service selects the ${w.spec.name} pods (${w.template.owner.ref}); the spec has it expose port ${wanted.map((p) => p.port).join(' and ')}`));
      continue;
    }
    services.set(w.spec.name, mine[0]);
    const portsOf = (svc: ManifestObject): JsonObject[] => asArray(asObject(svc.body.spec)?.ports).filter(isObject);
    for (const want of wanted) {
      const svc = mine.find((s) => portsOf(s).some((p) => p.port === want.port));
      if (!svc) {
        const shown = mine.map((s) => `${s.name}: ${portsOf(s).map((p) => String(p.port)).join(', ') || 'none'}`).join('; ');
        problems.push(objectProblem(mine[0], 'error', 'bernstein.ports', 'spec.ports', `${w.spec.name} must expose port ${want.port} (ports of its Service${mine.length > 1 ? 's' : ''}: ${shown})`));
        continue;
      }
      const ports = portsOf(svc);
      const type = asString(dig(svc.body, 'spec', 'type')) ?? 'ClusterIP';
      const i = ports.findIndex((p) => p.port === want.port);
      const target = targetContainerPort(ports[i], w);
      if (target !== undefined && target !== want.port && w.spec.containerPorts.includes(target) && w.spec.containerPorts.includes(want.port)) {
        const field = path('spec', 'ports', i, ports[i].targetPort === undefined ? 'port' : 'targetPort');
        const role = w.spec.name === 'traefik' && target === 8080 ? ", Traefik's API/dashboard port: visitors would reach the dashboard instead of the apps" : '';
        problems.push(objectProblem(svc, 'error', 'bernstein.ports', field, `port ${want.port} targets container port ${target}${role}; it must reach container port ${want.port}`));
      }
      if (want.nodePort === undefined) continue;
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        problems.push(objectProblem(svc, 'error', 'bernstein.ports', 'spec.type', `port ${want.port} must be reachable on every node as ${want.nodePort}: the Service type must be NodePort (got ${type})`));
      } else if (ports[i].nodePort !== want.nodePort) {
        problems.push(objectProblem(svc, 'error', 'bernstein.ports', path('spec', 'ports', i, 'nodePort'), `port ${want.port} must be exposed on host port ${want.nodePort}, got ${ports[i].nodePort === undefined ? 'a random node port' : String(ports[i].nodePort)}`));
      }
    }
  }
  return { services, problems };
}

/** The container port a Service port reaches: its targetPort (a number, or a named port of the component's containers), else its port. */
function targetContainerPort(port: JsonObject, w: ComponentWorkload): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (typeof target !== 'string') return undefined;
  if (/^\d+$/.test(target)) return Number(target);
  const named = containersOf(w.template).flatMap((c) => containerPorts(c.container)).find((p) => p.name === target);
  return named?.containerPort;
}

const OUT_OF_TRAEFIK: readonly ComponentName[] = ['redis', 'postgres', 'worker'];

export function checkIngressRules(workloads: readonly ComponentWorkload[], services: ReadonlyMap<ComponentName, ManifestObject>, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const ingresses = ctx.inventory.ofKind('Ingress');
  const routes = ingresses.flatMap((ing) => ingressBackends(ing).map((b) => ({ ing, b })));
  for (const w of workloads) {
    const host = w.spec.ingressHost;
    if (!host) continue;
    const mine = routes.filter(({ b }) => b.host === host);
    if (mine.length === 0) {
      out.push(fileProblem(`${w.spec.name}.ingress.yaml`, 'error', 'bernstein.ingress', `no Ingress rule for host ${host}: the spec routes it to the ${w.spec.name} service through Traefik`));
      continue;
    }
    const svc = services.get(w.spec.name);
    for (const { ing, b } of mine) {
      if (svc && (b.serviceName !== svc.name || ing.namespace !== svc.namespace)) {
        out.push(objectProblem(ing, 'error', 'bernstein.ingress', b.nameField, `${host} must route to the ${w.spec.name} Service (${svc.ref}), not "${b.serviceName ?? ''}" in namespace ${ing.namespace}`));
      } else if (svc && b.port !== undefined && !servicePortMatches(svc, b.port)) {
        out.push(objectProblem(ing, 'error', 'bernstein.ingress', b.portField, `${host} routes to port ${String(b.port)}, which ${svc.ref} does not expose`));
      }
      if (b.httpPath !== undefined && b.httpPath !== '/') {
        out.push(objectProblem(ing, 'warning', 'bernstein.ingress', b.nameField.replace(/\.backend\..*$/, '.path'), `path ${b.httpPath} routes only part of ${host}; the spec routes the whole host`));
      }
    }
  }
  for (const { ing, b } of routes) {
    const target = b.serviceName ? ctx.inventory.find('Service', ing.namespace, b.serviceName) : undefined;
    const component = target ? componentOf(target) : undefined;
    if (component && OUT_OF_TRAEFIK.includes(component)) {
      out.push(objectProblem(ing, 'error', 'bernstein.ingress', b.nameField, `${component} is not enabled in Traefik per the spec: remove this route`));
    }
  }
  for (const ing of ingresses) {
    const cls = asString(dig(ing.body, 'metadata', 'annotations', 'kubernetes.io/ingress.class'));
    if (cls !== undefined && cls !== '' && cls !== 'traefik') {
      out.push(objectProblem(ing, 'error', 'bernstein.ingress', 'metadata.annotations["kubernetes.io/ingress.class"]', `ingress class "${cls}": Traefik only serves Ingresses of class traefik (or without class)`));
    }
  }
  return out;
}

type TraefikLine = '1.7' | 'v2' | 'v3' | 'other';

function traefikLine(image: string | undefined): TraefikLine {
  const normalized = image ? normalizeImage(image) : '';
  if (/^traefik:v?1\.7(\.\d+)?$/.test(normalized)) return '1.7';
  if (/^traefik:v2\.\d+/.test(normalized)) return 'v2';
  if (/^traefik:v3\.\d+/.test(normalized)) return 'v3';
  return 'other';
}

export function checkTraefik(w: ComponentWorkload, ctx: RuleContext): Problem[] {
  const { main } = w;
  if (!main) return [];
  const out: Problem[] = [];
  // Traefik 1.7 on Kubernetes 1.22+ is the generic rule ingress.traefik-v1 (rules/traefik.ts).
  const line = traefikLine(asString(main.container.image));
  out.push(...checkTraefikFlags(w, line));
  out.push(...checkTraefikAccess(w, line, ctx));
  return out;
}

function checkTraefikFlags(w: ComponentWorkload, line: TraefikLine): Problem[] {
  const { template: t, main } = w;
  if (!main || line === 'other') return [];
  const flags = [...asArray(main.container.command), ...asArray(main.container.args)].filter((a): a is string => typeof a === 'string');
  // A configuration file may enable the provider and the API instead of flags.
  if (flags.some((f) => /^(--configfile|-c$|--configFile)/.test(f))) return [];
  const has = (prefix: string): boolean => flags.some((f) => f === prefix || f.startsWith(`${prefix}.`) || f.startsWith(`${prefix}=`));
  const field = path(main.path, 'args');
  const out: Problem[] = [];
  const provider = line === '1.7' ? '--kubernetes' : '--providers.kubernetesingress';
  if (!has(provider)) out.push(objectProblem(t.owner, 'warning', 'bernstein.traefik', field, `no ${provider} flag: Traefik will not read the Ingresses`));
  const api = line === '1.7' ? '--api' : '--api.insecure';
  if (!has(api)) out.push(objectProblem(t.owner, 'warning', 'bernstein.traefik', field, `no ${api} flag: the dashboard on port 8080 (host port 30042) will not answer`));
  return out;
}

interface Permission {
  readonly group: string;
  readonly resource: string;
  readonly verbs: readonly string[];
}

function checkTraefikAccess(w: ComponentWorkload, line: TraefikLine, ctx: RuleContext): Problem[] {
  const t = w.template;
  const key = typeof t.spec.serviceAccount === 'string' && t.spec.serviceAccountName === undefined ? 'serviceAccount' : 'serviceAccountName';
  const account = asString(t.spec[key]);
  const field = path(t.specPath, key);
  if (!account || account === 'default') {
    return [objectProblem(t.owner, 'error', 'bernstein.traefik-rbac', field, 'traefik needs authorization to access the Kubernetes API: run it as a ServiceAccount bound to a ClusterRole (traefik.rbac.yaml)')];
  }
  const bindings = ctx.inventory.ofKind('ClusterRoleBinding', 'RoleBinding').filter((b) =>
    asArray(b.body.subjects).some((s) => isObject(s) && s.kind === 'ServiceAccount' && s.name === account && (asString(s.namespace) ?? b.namespace) === t.namespace),
  );
  if (bindings.length === 0) {
    return [objectProblem(t.owner, 'error', 'bernstein.traefik-rbac', field, `no ClusterRoleBinding grants anything to ServiceAccount ${t.namespace}/${account}: Traefik cannot list Services and Ingresses`)];
  }
  const out: Problem[] = [];
  if (!bindings.some((b) => b.kind === 'ClusterRoleBinding')) {
    out.push(objectProblem(t.owner, 'warning', 'bernstein.traefik-rbac', field, `ServiceAccount ${account} is only bound by RoleBindings, which grant access in their own namespace; Traefik reads Ingresses and Services of namespace default: use a ClusterRoleBinding`));
  }
  const rules = bindings.flatMap((b) => {
    const kind = asString(dig(b.body, 'roleRef', 'kind'));
    const name = asString(dig(b.body, 'roleRef', 'name'));
    const role = kind && name ? ctx.inventory.find(kind, kind === 'Role' ? b.namespace : undefined, name) : undefined;
    return role ? asArray(role.body.rules).filter(isObject) : [];
  });
  const ingressGroup = line === 'v2' || line === 'v3' ? 'networking.k8s.io' : 'extensions';
  // Traefik v3.1+ reads endpoints through EndpointSlices (docs/facts.md#traefik-v3-flags-and-rbac).
  const endpoints: Permission = line === 'v3'
    ? { group: 'discovery.k8s.io', resource: 'endpointslices', verbs: ['list', 'watch'] }
    : { group: '', resource: 'endpoints', verbs: ['list', 'watch'] };
  const needed: Permission[] = [
    { group: '', resource: 'services', verbs: ['list', 'watch'] },
    endpoints,
    { group: ingressGroup, resource: 'ingresses', verbs: ['list', 'watch'] },
  ];
  const missing = needed.filter((p) => !p.verbs.every((verb) => rules.some((r) => allows(r, p.group, p.resource, verb))));
  if (missing.length > 0) {
    const shown = missing.map((p) => `${p.verbs.join('/')} ${p.group ? `${p.group}/` : ''}${p.resource}`).join(', ');
    out.push(objectProblem(t.owner, 'error', 'bernstein.traefik-rbac', field, `the roles bound to ServiceAccount ${account} do not allow ${shown}: Traefik cannot route`));
  }
  return out;
}

function allows(rule: JsonObject, group: string, resource: string, verb: string): boolean {
  const has = (list: string, value: string): boolean => asArray(rule[list]).some((x) => x === value || x === '*');
  return has('apiGroups', group) && has('resources', resource) && has('verbs', verb);
}
