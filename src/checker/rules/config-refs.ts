/**
 * ConfigMaps and Secrets that pods reference must exist in the pod's namespace, with the keys
 * asked for. A missing one leaves the pod in CreateContainerConfigError (env) or
 * ContainerCreating (volumes); `optional: true` references may be missing.
 */
import { RuleContext } from '../context';
import { payloadKeys } from '../../manifests/inventory';
import { asArray, asString, isObject, path } from '../../manifests/json';
import { PayloadReference, PodTemplate, podReferences } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';

export function checkConfigReferences(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) => podReferences(t).payloads.flatMap((r) => checkReference(t, r, ctx)));
}

function checkReference(t: PodTemplate, r: PayloadReference, ctx: RuleContext): Problem[] {
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
