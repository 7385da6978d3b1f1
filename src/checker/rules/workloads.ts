/**
 * Pod-template consistency: controllers select their own template, (anti-)affinity terms
 * select real pods, restart policies sit where the API server accepts them, probes name ports
 * that exist.
 */
import { RuleContext } from '../context';
import { asArray, asObject, asString, isObject, path, stringMap } from '../../manifests/json';
import { containerPorts, containersOf, PodTemplate } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { describeMap, describeSelector, isEmptySelector, parseLabelSelector, selectorMatches } from '../../manifests/selectors';
import { JsonObject, Problem } from '../types';

export function checkWorkloads(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) => [
    ...checkOwnSelector(t),
    ...checkAffinity(t, ctx),
    ...checkRestartPolicy(t, ctx),
    ...checkProbePorts(t),
  ]);
}

function checkOwnSelector(t: PodTemplate): Problem[] {
  const obj = t.owner;
  const spec = asObject(obj.body.spec);
  if (!spec || !['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'].includes(obj.kind)) return [];
  if (obj.kind === 'ReplicationController') {
    const selector = stringMap(spec.selector);
    const ok = Object.entries(selector).every(([k, v]) => t.labels[k] === v);
    return ok ? [] : [objectProblem(obj, 'error', 'ref.workload-selector', 'spec.selector', `selector ${describeMap(selector)} does not match the template labels ${describeMap(t.labels)}`)];
  }
  const selector = parseLabelSelector(spec.selector);
  if (!selector) return []; // required field: the schema reports it
  if (isEmptySelector(selector)) {
    return [objectProblem(obj, 'error', 'ref.workload-selector', 'spec.selector', 'empty selector: it would adopt every pod of the namespace, and the API server rejects it')];
  }
  if (selectorMatches(selector, t.labels)) return [];
  return [objectProblem(obj, 'error', 'ref.workload-selector', 'spec.selector', `selector ${describeSelector(selector)} does not match the template labels ${describeMap(t.labels)} (${t.labelsPath})`)];
}

function checkAffinity(t: PodTemplate, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const affinity = asObject(t.spec.affinity);
  if (!affinity) return out;
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const section = asObject(affinity[kind]);
    if (!section) continue;
    const base = path(t.specPath, 'affinity', kind);
    asArray(section.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      if (isObject(term)) out.push(...checkTerm(t, ctx, kind, term, path(base, 'requiredDuringSchedulingIgnoredDuringExecution', i), true));
    });
    asArray(section.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const term = isObject(w) ? asObject(w.podAffinityTerm) : undefined;
      if (term) out.push(...checkTerm(t, ctx, kind, term, path(base, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'), false));
    });
  }
  return out;
}

function checkTerm(t: PodTemplate, ctx: RuleContext, kind: 'podAffinity' | 'podAntiAffinity', term: JsonObject, field: string, required: boolean): Problem[] {
  const selector = parseLabelSelector(term.labelSelector);
  const anyNamespace = isObject(term.namespaceSelector);
  const namespaces = asArray(term.namespaces).filter((n): n is string => typeof n === 'string');
  const inScope = (ns: string): boolean => anyNamespace || (namespaces.length > 0 ? namespaces.includes(ns) : ns === t.namespace);
  const selected = selector ? ctx.templates.filter((o) => inScope(o.namespace) && selectorMatches(selector, o.labels)) : [];
  const selectsOwn = selected.includes(t);
  const shown = selector ? describeSelector(selector) : '(no labelSelector)';
  if (selected.length === 0) {
    const effect =
      kind === 'podAntiAffinity'
        ? 'it keeps nothing apart'
        : required
          ? 'the pods may stay Pending'
          : 'it has no effect';
    return [objectProblem(t.owner, 'warning', 'ref.affinity', path(field, 'labelSelector'), `${kind} term selects no pods in this folder (${shown}): ${effect}; the pod labels are ${describeMap(t.labels)}`)];
  }
  if (!selectsOwn && kind === 'podAntiAffinity') {
    return [objectProblem(t.owner, 'info', 'ref.affinity', path(field, 'labelSelector'), `podAntiAffinity term selects ${selected.map((s) => s.owner.ref).join(', ')} but not this workload's own pods: its replicas may share a node`)];
  }
  return [];
}

const CONTROLLER_RESTART: Record<string, readonly string[]> = {
  Deployment: ['Always'],
  StatefulSet: ['Always'],
  DaemonSet: ['Always'],
  ReplicaSet: ['Always'],
  ReplicationController: ['Always'],
  Job: ['OnFailure', 'Never'],
  CronJob: ['OnFailure', 'Never'],
};

function checkRestartPolicy(t: PodTemplate, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const allowed = CONTROLLER_RESTART[t.owner.kind];
  const policy = asString(t.spec.restartPolicy);
  if (allowed && policy && !allowed.includes(policy)) {
    out.push(objectProblem(t.owner, 'error', 'pod.restart-policy', path(t.specPath, 'restartPolicy'), `a ${t.owner.kind} requires restartPolicy ${allowed.join(' or ')}, got "${policy}"`));
  }
  // Kubernetes >= 1.28 accepts restartPolicy on containers, but only on init containers
  // (sidecars); the older schemas already reject the field as unknown.
  if (ctx.version.minor >= 28) {
    for (const c of containersOf(t)) {
      if (c.list !== 'initContainers' && c.container.restartPolicy !== undefined) {
        out.push(objectProblem(t.owner, 'error', 'pod.restart-policy', path(c.path, 'restartPolicy'), `restartPolicy is only allowed on init containers; set it on the pod (${path(t.specPath, 'restartPolicy')})`));
      }
    }
  }
  return out;
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

function checkProbePorts(t: PodTemplate): Problem[] {
  const out: Problem[] = [];
  for (const c of containersOf(t)) {
    const names = new Set(containerPorts(c.container).flatMap((p) => (p.name ? [p.name] : [])));
    for (const probe of PROBES) {
      const p = asObject(c.container[probe]);
      if (!p) continue;
      for (const handler of ['httpGet', 'tcpSocket'] as const) {
        const port = asObject(p[handler])?.port;
        if (typeof port === 'string' && !/^\d+$/.test(port) && !names.has(port)) {
          out.push(objectProblem(t.owner, 'error', 'ref.probe-port', path(c.path, probe, handler, 'port'), `no container port named "${port}" (named ports: ${[...names].join(', ') || 'none'})`));
        }
      }
    }
  }
  return out;
}
