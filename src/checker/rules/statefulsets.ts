/**
 * A StatefulSet names its pods through its governing Service (`spec.serviceName`): without
 * that Service, or if it is not headless or does not select the set's pods, `<pod>.<service>`
 * never resolves and peers cannot find each other. Host names of members written into
 * ConfigMaps (peer lists, quorum voters) must name members that exist.
 */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { asNumber, asObject, asString, isObject, path, stringMap } from '../../manifests/json';
import { podTemplateOf } from '../../manifests/pods';
import { mapSelectorMatches } from '../../manifests/selectors';
import { objectProblem } from '../problems';
import { Problem } from '../types';

/** The cluster domain assumed by member host names (kubelet's `--cluster-domain` default). */
const CLUSTER_DOMAIN = 'cluster.local';

export function checkStatefulSets(ctx: RuleContext): Problem[] {
  return [...ctx.inventory.ofKind('StatefulSet').flatMap((set) => checkGoverningService(set, ctx)), ...checkMemberNames(ctx)];
}

function checkGoverningService(set: ManifestObject, ctx: RuleContext): Problem[] {
  const serviceName = asString(asObject(set.body.spec)?.serviceName);
  if (!serviceName) return []; // required on 1.27 and older: the schema reports it
  const service = ctx.inventory.find('Service', set.namespace, serviceName);
  const rule = 'ref.statefulset-service';
  if (!service) {
    return [objectProblem(set, 'warning', rule, 'spec.serviceName', `governing Service "${serviceName}" not found in namespace ${set.namespace}: the pods get no DNS names (${set.name}-0.${serviceName})`)];
  }
  const spec = asObject(service.body.spec) ?? {};
  const out: Problem[] = [];
  if (spec.clusterIP !== 'None') {
    out.push(objectProblem(set, 'warning', rule, 'spec.serviceName', `governing Service "${serviceName}" (${service.file}) is not headless (clusterIP: None): the pods get no DNS names`));
  }
  const template = podTemplateOf(set);
  const selector = stringMap(spec.selector);
  if (template && (Object.keys(selector).length === 0 || !mapSelectorMatches(selector, template.labels))) {
    out.push(objectProblem(set, 'warning', rule, 'spec.serviceName', `governing Service "${serviceName}" does not select this set's pods: they get no DNS names`));
  }
  return out;
}

/**
 * Member host names (`kafka-2.kafka.streams.svc.cluster.local`) in `value`, found in linear
 * time: each occurrence of the literal suffix `.svc.<domain>` is located with indexOf, and only
 * the at most 253 characters before it (a DNS name's limit) are matched, with a pattern
 * anchored at its end. A regex scanning the whole value took quadratic time (a 2 MiB
 * ConfigMap value ran for over 10 minutes).
 */
export function memberHostNames(value: string, domain = CLUSTER_DOMAIN): [host: string, set: string, ordinal: string, service: string, namespace: string][] {
  const suffix = `.svc.${domain}`;
  const out: [string, string, string, string, string][] = [];
  for (let at = value.indexOf(suffix); at >= 0; at = value.indexOf(suffix, at + suffix.length)) {
    const window = value.slice(Math.max(0, at - 253), at);
    const m = MEMBER_BEFORE_SUFFIX.exec(window);
    if (m) out.push([`${m[0]}${suffix}`, m[1], m[2], m[3], m[4]]);
  }
  return out;
}

/** `<set>-<ordinal>.<service>.<namespace>` ending the window; labels are DNS labels (≤ 63). */
const MEMBER_BEFORE_SUFFIX = /([a-z0-9][a-z0-9-]{0,62})-(\d{1,9})\.([a-z0-9][a-z0-9-]{0,62})\.([a-z0-9][a-z0-9-]{0,62})$/;

function checkMemberNames(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const cm of ctx.inventory.ofKind('ConfigMap')) {
    const data = cm.body.data;
    if (!isObject(data)) continue;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      for (const [host, setName, ordinal, service, namespace] of memberHostNames(value)) {
        const set = ctx.inventory.find('StatefulSet', namespace, setName);
        const field = path('data', key);
        if (!set) {
          // Only a name that looks like one of our sets in another namespace is surely wrong.
          const elsewhere = ctx.inventory.ofKind('StatefulSet').find((s) => s.name === setName);
          if (elsewhere) out.push(objectProblem(cm, 'warning', 'ref.statefulset-member', field, `${host} names StatefulSet ${namespace}/${setName}, which does not exist (there is one in namespace ${elsewhere.namespace})`));
          continue;
        }
        const governing = asString(asObject(set.body.spec)?.serviceName);
        const replicas = asNumber(asObject(set.body.spec)?.replicas) ?? 1;
        if (governing !== service) {
          out.push(objectProblem(cm, 'warning', 'ref.statefulset-member', field, `${host} uses Service ${service}, but the pods of ${set.ref} are named through ${governing ?? '(none)'}`));
        } else if (Number(ordinal) >= replicas) {
          out.push(objectProblem(cm, 'warning', 'ref.statefulset-member', field, `${host} names member ${ordinal}, but ${set.ref} has ${replicas} replica${replicas === 1 ? '' : 's'}`));
        }
      }
    }
  }
  return out;
}
