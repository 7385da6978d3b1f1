/**
 * ConfigMaps and Secrets that pods reference must exist in the pod's namespace, with the keys
 * asked for. A missing one leaves the pod in CreateContainerConfigError (env) or
 * ContainerCreating (volumes); `optional: true` references may be missing.
 */
import { RuleContext } from '../context';
import { payloadKeys } from '../inventory';
import { asArray, asObject, asString, isObject, path } from '../json';
import { containersOf, PodTemplate } from '../pods';
import { objectProblem } from '../problems';
import { JsonObject, Problem } from '../types';

type PayloadKind = 'ConfigMap' | 'Secret';

interface Reference {
  readonly kind: PayloadKind;
  readonly name: string | undefined;
  readonly nameField: string;
  readonly optional: boolean;
  /** Keys the reference needs, with the field naming each. */
  readonly keys: readonly { key: string; field: string }[];
}

export function checkConfigReferences(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) => referencesOf(t).flatMap((r) => checkReference(t, r, ctx)));
}

function checkReference(t: PodTemplate, r: Reference, ctx: RuleContext): Problem[] {
  if (!r.name) return [];
  const target = ctx.inventory.find(r.kind, t.namespace, r.name);
  const rule = r.kind === 'ConfigMap' ? 'ref.configmap' : 'ref.secret';
  if (!target) {
    if (r.optional) return [];
    return [objectProblem(t.owner, 'error', rule, r.nameField, `${r.kind} "${r.name}" not found in namespace ${t.namespace}${ctx.inventory.missingHint(r.kind, t.namespace, r.name)}`)];
  }
  const keys = payloadKeys(target);
  return r.keys
    .filter(({ key }) => !keys.has(key) && !r.optional)
    .map(({ key, field }) =>
      objectProblem(t.owner, 'error', rule, field, `${r.kind} "${r.name}" (${target.file}) has no key "${key}" (keys: ${[...keys].join(', ') || 'none'})`),
    );
}

function referencesOf(t: PodTemplate): Reference[] {
  const refs: Reference[] = [];
  for (const c of containersOf(t)) {
    asArray(c.container.env).forEach((e, i) => {
      const vf = isObject(e) ? asObject(e.valueFrom) : undefined;
      if (!vf) return;
      for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
        const ref = asObject(vf[field]);
        if (!ref) continue;
        const base = path(c.path, 'env', i, 'valueFrom', field);
        const key = asString(ref.key);
        refs.push({ kind, name: asString(ref.name), nameField: path(base, 'name'), optional: ref.optional === true, keys: key ? [{ key, field: path(base, 'key') }] : [] });
      }
    });
    asArray(c.container.envFrom).forEach((e, i) => {
      if (!isObject(e)) return;
      for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
        const ref = asObject(e[field]);
        if (ref) refs.push({ kind, name: asString(ref.name), nameField: path(c.path, 'envFrom', i, field, 'name'), optional: ref.optional === true, keys: [] });
      }
    });
  }
  asArray(t.spec.volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    const base = path(t.specPath, 'volumes', i);
    const cm = asObject(v.configMap);
    if (cm) refs.push(volumeReference('ConfigMap', cm, 'name', path(base, 'configMap')));
    const secret = asObject(v.secret);
    if (secret) refs.push(volumeReference('Secret', secret, 'secretName', path(base, 'secret')));
    asArray(asObject(v.projected)?.sources).forEach((s, j) => {
      if (!isObject(s)) return;
      for (const [field, kind] of [['configMap', 'ConfigMap'], ['secret', 'Secret']] as const) {
        const src = asObject(s[field]);
        if (src) refs.push(volumeReference(kind, src, 'name', path(base, 'projected', 'sources', j, field)));
      }
    });
  });
  return refs;
}

function volumeReference(kind: PayloadKind, source: JsonObject, nameKey: string, base: string): Reference {
  const keys = asArray(source.items).flatMap((item, j) => {
    const key = isObject(item) ? asString(item.key) : undefined;
    return key ? [{ key, field: path(base, 'items', j, 'key') }] : [];
  });
  return { kind, name: asString(source[nameKey]), nameField: path(base, nameKey), optional: source.optional === true, keys };
}

/** Image pull secrets are often created with kubectl, outside the folder: a warning only. */
export function checkImagePullSecrets(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) =>
    asArray(t.spec.imagePullSecrets).flatMap((s, i) => {
      const name = isObject(s) ? asString(s.name) : undefined;
      if (!name || ctx.inventory.find('Secret', t.namespace, name)) return [];
      return [objectProblem(t.owner, 'warning', 'ref.secret', path(t.specPath, 'imagePullSecrets', i, 'name'), `image pull Secret "${name}" is not in this folder (namespace ${t.namespace}); create it before applying`)];
    }),
  );
}
