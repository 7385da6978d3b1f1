/**
 * Host settings that name nothing (`ref.host`, warning). A container told `REDIS_HOST=localhost`
 * (its own pod, where no redis runs), `DB_HOST=<your-db-host>` or `API_URL=http://bakend:8080`
 * (no such Service) starts fine and then fails at its first connection, often silently (a
 * worker retrying forever). The `ref.*` rules only check that the ConfigMap key exists.
 *
 * Precision first: only variables named `*_HOST`, `*_ADDR` or `*_URL` (the usual client
 * settings) whose value is written in the folder (literal `value`, or a ConfigMap key the
 * container reads) are judged, and only these are findings:
 * - a placeholder (`<…>`, `${…}`, `changeme`, `example.com`, …);
 * - a loopback host (`localhost`, `127.0.0.1`, `::1`) in a pod with one container, which can
 *   only reach itself, unless the container itself listens on the port given;
 * - a cluster name that the folder should define and does not: a bare name (`redis`) or
 *   `NAME.NAMESPACE[.svc[.cluster.local]]` with no Service NAME in that namespace, in a folder
 *   that has Services (a folder without any is a fragment: its Services may live elsewhere).
 * Other dotted names are external hosts and IP addresses are not judged. Bind settings
 * (`LISTEN_ADDR`, `BIND_ADDR`, …) say where the program listens, not what it reaches: skipped.
 */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { asArray, asString, dig, isObject, path } from '../../manifests/json';
import { BUILTIN_NAMESPACES } from '../../manifests/kinds';
import { containerPorts, containersOf, environmentOf, PodTemplate } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';

const HOST_SETTING = /^[A-Z0-9_]*_(HOST|ADDR|URL)$/;
const BIND_SETTING = /(^|_)(LISTEN|BIND|BINDING|SERVER_BIND)(_|$)/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', 'localhost.localdomain']);
const PLACEHOLDER = /^(<[^<>]*>|\$\{[^{}]*\}|%[A-Z_]+%|changeme|change-me|todo|tbd|fixme|xxx+|your[-_.a-z0-9]*|placeholder|example\.(com|org|net)|[a-z0-9-]+\.example(\.(com|org|net))?)$/i;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const CLUSTER_SUFFIX = /\.svc(\.cluster\.local)?$/;

/** Host and port of a setting's value: a URL, `host:port` or a bare host. */
export function parseHostSetting(value: string): { host: string; port?: number } | undefined {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > 2048 || /\s/.test(trimmed)) return undefined;
  // scheme://[user[:pass]@]host[:port][/path…]; the pieces are split, not matched, to stay linear.
  let rest = trimmed;
  const scheme = rest.indexOf('://');
  if (scheme >= 0) rest = rest.slice(scheme + 3);
  rest = rest.split(/[/?#]/, 1)[0];
  const at = rest.lastIndexOf('@');
  if (at >= 0) rest = rest.slice(at + 1);
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    const port = rest.slice(close + 1).replace(/^:/, '');
    return { host: rest.slice(0, close + 1), port: /^\d{1,5}$/.test(port) ? Number(port) : undefined };
  }
  if (rest.split(':').length > 2) return { host: rest }; // a bare IPv6 address
  const [host, port] = rest.split(':');
  if (host === '') return undefined;
  return { host, port: port !== undefined && /^\d{1,5}$/.test(port) ? Number(port) : undefined };
}

interface Setting {
  readonly name: string;
  readonly value: string;
  /** Where the value is written: the container's env entry or the ConfigMap key. */
  readonly owner: ManifestObject;
  readonly field: string;
}

export function checkHostSettings(ctx: RuleContext): Problem[] {
  if (ctx.templates.length === 0) return [];
  const hasServices = ctx.inventory.ofKind('Service').length > 0;
  const namespaces = new Set([...BUILTIN_NAMESPACES, ...ctx.inventory.ofKind('Namespace').map((n) => n.name), ...ctx.inventory.objects.flatMap((o) => o.namespace ?? [])]);
  const out = new Map<string, Problem>();
  for (const t of ctx.templates) {
    const regular = containersOf(t).filter((c) => c.list === 'containers');
    for (const c of containersOf(t)) {
      for (const setting of settingsOf(t, c, ctx)) {
        const verdict = judge(setting, t, regular.length, containerPorts(c.container).map((p) => p.containerPort), ctx, hasServices, namespaces);
        const key = `${setting.owner.ref}\0${setting.field}`;
        if (verdict && !out.has(key)) out.set(key, objectProblem(setting.owner, 'warning', 'ref.host', setting.field, verdict));
      }
    }
  }
  return [...out.values()];
}

function settingsOf(t: PodTemplate, c: ReturnType<typeof containersOf>[number], ctx: RuleContext): Setting[] {
  const out: Setting[] = [];
  for (const source of environmentOf(c, t.namespace, ctx.inventory).values()) {
    if (!HOST_SETTING.test(source.name) || BIND_SETTING.test(source.name)) continue;
    if (source.from === 'value') {
      const index = asArray(c.container.env).findIndex((e) => isObject(e) && e.name === source.name);
      const value = asString(dig(asArray(c.container.env)[index], 'value'));
      if (value !== undefined) out.push({ name: source.name, value, owner: t.owner, field: path(c.path, 'env', index, 'value') });
    } else if ((source.from === 'configMapKeyRef' || source.from === 'configMapRef') && source.ref && source.key) {
      const cm = ctx.inventory.find('ConfigMap', t.namespace, source.ref);
      const value = cm ? asString(dig(cm.body, 'data', source.key)) : undefined;
      if (cm && value !== undefined) out.push({ name: source.name, value, owner: cm, field: path('data', source.key) });
    }
  }
  return out;
}

function judge(s: Setting, t: PodTemplate, containerCount: number, ownPorts: number[], ctx: RuleContext, hasServices: boolean, namespaces: Set<string>): string | undefined {
  const value = s.value.trim();
  if (value.includes('$(')) return undefined; // expanded by the kubelet: ref.env-expansion judges it
  if (PLACEHOLDER.test(value)) return `${s.name} is the placeholder "${value}": the program connects to nothing; write the host it must reach`;
  const parsed = parseHostSetting(value);
  if (!parsed) return undefined;
  const host = parsed.host.toLowerCase();
  if (PLACEHOLDER.test(host)) return `${s.name} names the placeholder host "${parsed.host}": the program connects to nothing; write the host it must reach`;
  if (LOOPBACK.has(host)) {
    if (containerCount > 1) return undefined; // a sidecar may listen there
    if (parsed.port !== undefined && ownPorts.includes(parsed.port)) return undefined; // the container talks to itself on purpose
    return `${s.name}=${value} points ${t.owner.ref} at its own pod, where nothing else runs: name the Service of what it must reach`;
  }
  if (!hasServices || IPV4.test(host) || host.includes(':')) return undefined;
  const target = clusterName(host, t.namespace, namespaces);
  if (!target) return undefined;
  const service = ctx.inventory.find('Service', target.namespace, target.name);
  if (!service) {
    const hint = ctx.inventory.missingHint('Service', target.namespace, target.name);
    return `${s.name}=${value} names host "${parsed.host}", but there is no Service ${target.name} in namespace ${target.namespace}${hint}: the name does not resolve and the program cannot connect`;
  }
  if (parsed.port !== undefined) {
    const ports = asArray(dig(service.body, 'spec', 'ports')).flatMap((p) => (isObject(p) && typeof p.port === 'number' ? [p.port] : []));
    if (ports.length > 0 && !ports.includes(parsed.port)) {
      return `${s.name}=${value} uses port ${parsed.port}, but Service ${target.name} (${service.file}) exposes ${ports.join(', ')}`;
    }
  }
  return undefined;
}

/** The Service a cluster DNS name resolves to from `namespace`, or undefined for external names. */
function clusterName(host: string, namespace: string, namespaces: Set<string>): { name: string; namespace: string } | undefined {
  const labels = host.replace(CLUSTER_SUFFIX, '').split('.');
  if (labels.some((l) => !DNS_LABEL.test(l))) return undefined;
  if (labels.length === 1) return { name: labels[0], namespace };
  // NAME.NAMESPACE: only when NAMESPACE is one this folder knows; `pod-0.service` and real
  // domains stay unjudged.
  if (labels.length === 2 && namespaces.has(labels[1]) && (CLUSTER_SUFFIX.test(host) || !host.includes('.svc'))) {
    return { name: labels[0], namespace: labels[1] };
  }
  return undefined;
}
