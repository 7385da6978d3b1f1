/** Services must select some pods, and their target ports must exist on those pods. */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { asArray, asObject, asString, isObject, path, stringMap } from '../../manifests/json';
import { containerPorts, containersOf, PodTemplate } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { describeMap, mapSelectorMatches } from '../../manifests/selectors';
import { Problem } from '../types';

/** Pod templates a Service selects (same namespace, equality selector). */
export function selectedTemplates(service: ManifestObject, templates: readonly PodTemplate[]): PodTemplate[] {
  const selector = stringMap(asObject(service.body.spec)?.selector);
  if (Object.keys(selector).length === 0) return [];
  return templates.filter((t) => t.namespace === service.namespace && mapSelectorMatches(selector, t.labels));
}

export function checkServices(ctx: RuleContext): Problem[] {
  return ctx.inventory.ofKind('Service').flatMap((svc) => checkService(svc, ctx));
}

function checkService(svc: ManifestObject, ctx: RuleContext): Problem[] {
  const spec = asObject(svc.body.spec);
  if (!spec || spec.type === 'ExternalName') return [];
  const selector = stringMap(spec.selector);
  // No selector: endpoints are managed by hand (or by another controller); nothing to follow.
  if (Object.keys(selector).length === 0) return [];
  const selected = selectedTemplates(svc, ctx.templates);
  if (selected.length === 0) {
    return [objectProblem(svc, 'error', 'ref.service-selector', 'spec.selector', `selector ${describeMap(selector)} matches no pod template in namespace ${svc.namespace}${candidates(svc, ctx.templates)}`)];
  }
  const out: Problem[] = [];
  asArray(spec.ports).forEach((p, i) => {
    if (!isObject(p)) return;
    const target = p.targetPort ?? p.port;
    if (typeof target !== 'number' && typeof target !== 'string') return;
    const field = path('spec', 'ports', i, p.targetPort === undefined ? 'port' : 'targetPort');
    const declared = selected.map((t) => ({ t, ports: containersOf(t).filter((c) => c.list === 'containers').flatMap((c) => containerPorts(c.container)) }));
    const has = declared.filter(({ ports }) =>
      ports.some((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target)),
    );
    if (has.length === declared.length) return;
    const listing = declared.map(({ t, ports }) => `${t.owner.ref}: ${ports.map((cp) => (cp.name ? `${cp.name}/${cp.containerPort}` : String(cp.containerPort))).join(', ') || 'no ports'}`).join('; ');
    if (typeof target === 'string') {
      const severity = has.length === 0 ? 'error' : 'warning';
      out.push(objectProblem(svc, severity, 'ref.service-target-port', field, `targetPort "${target}" is not a named port of ${has.length === 0 ? 'the' : 'all'} selected pods (${listing})`));
      return;
    }
    // A number that no container declares may still be listened on; only declared ports that
    // all differ are a sure mistake.
    const lacking = declared.filter(({ ports }) => ports.length > 0 && !ports.some((cp) => cp.containerPort === target));
    if (lacking.length > 0) {
      out.push(objectProblem(svc, 'error', 'ref.service-target-port', field, `targetPort ${target} is not a containerPort of the selected pods (${listing})`));
    }
  });
  return out;
}

function candidates(svc: ManifestObject, templates: readonly PodTemplate[]): string {
  const selector = stringMap(asObject(svc.body.spec)?.selector);
  const elsewhere = templates.find((t) => t.namespace !== svc.namespace && mapSelectorMatches(selector, t.labels));
  if (elsewhere) return ` (${elsewhere.owner.ref} in namespace ${elsewhere.namespace} matches: a Service only selects pods of its own namespace)`;
  const here = templates.filter((t) => t.namespace === svc.namespace).slice(0, 4);
  if (here.length === 0) return '';
  return ` (pod labels there: ${here.map((t) => `${t.owner.ref} ${describeMap(t.labels)}`).join('; ')})`;
}

/** Does the Service expose `port` (a number is matched against `port`, a name against `name`)? */
export function servicePortMatches(svc: ManifestObject, port: number | string): boolean {
  return asArray(asObject(svc.body.spec)?.ports).some(
    (p) => isObject(p) && (typeof port === 'number' ? p.port === port : asString(p.name) === port),
  );
}

/**
 * `nodePort` is only allowed on NodePort and LoadBalancer Services, and each node port can be
 * allocated once in the cluster: the API server refuses the second Service.
 */
export function checkNodePorts(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const taken = new Map<number, string>();
  for (const svc of ctx.inventory.ofKind('Service')) {
    const spec = asObject(svc.body.spec);
    const type = asString(spec?.type) ?? 'ClusterIP';
    asArray(spec?.ports).forEach((p, i) => {
      if (!isObject(p) || typeof p.nodePort !== 'number') return;
      const field = path('spec', 'ports', i, 'nodePort');
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        out.push(objectProblem(svc, 'error', 'service.node-port', field, `nodePort ${p.nodePort} may not be used when type is ${type} (only NodePort and LoadBalancer)`));
        return;
      }
      const owner = taken.get(p.nodePort);
      if (owner) out.push(objectProblem(svc, 'error', 'service.node-port', field, `nodePort ${p.nodePort} is already allocated to ${owner}`));
      else taken.set(p.nodePort, svc.ref);
    });
  }
  return out;
}
