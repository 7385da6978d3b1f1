/** Namespaces: cluster-scoped objects should not name one, namespaced ones need one that exists. */
import { RuleContext } from '../context';
import { BUILTIN_NAMESPACES } from '../../manifests/kinds';
import { ManifestObject } from '../../manifests/inventory';
import { isObject } from '../../manifests/json';
import { objectProblem } from '../problems';
import { JsonValue, Problem } from '../types';

export function checkScopes(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const declared = new Set(ctx.inventory.ofKind('Namespace').map((n) => n.name));
  const seen = new Map<string, ManifestObject>();
  for (const obj of ctx.inventory.objects) {
    if (obj.clusterScoped && obj.declaredNamespace) {
      // The API server ignores the field and kubectl apply succeeds: misleading, not fatal.
      out.push(objectProblem(obj, 'warning', 'scope.cluster-namespace', 'metadata.namespace', `${obj.kind} is cluster-scoped: the API server ignores "namespace: ${obj.declaredNamespace}"; remove it`));
    }
    if (obj.namespace !== undefined && !BUILTIN_NAMESPACES.has(obj.namespace) && !declared.has(obj.namespace)) {
      out.push(objectProblem(obj, 'warning', 'scope.undeclared-namespace', 'metadata.namespace', `namespace "${obj.namespace}" is neither built in nor declared by a Namespace in this folder`));
    }
    if (!obj.name) continue;
    const key = `${obj.kind}\0${obj.namespace ?? ''}\0${obj.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, obj);
      continue;
    }
    const where = `${first.file} (document ${first.index + 1})`;
    if (canonical(first) === canonical(obj)) {
      // Applying the same definition twice changes nothing: untidy, not broken.
      out.push(objectProblem(obj, 'warning', 'object.duplicate', 'metadata.name', `${obj.ref} is defined identically in ${where}: harmless, but keep one copy so that a later edit does not change only one of them`));
    } else {
      out.push(objectProblem(obj, 'error', 'object.duplicate', 'metadata.name', `${obj.ref} is also defined, differently, in ${where}: applying the folder keeps only the last one`));
    }
  }
  return out;
}

/** The object as the API server receives it: keys sorted, the effective namespace written out. */
function canonical(obj: ManifestObject): string {
  const sorted = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(sorted);
    if (!isObject(v)) return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]));
  };
  const metadata = isObject(obj.body.metadata) ? { ...obj.body.metadata, namespace: obj.namespace ?? null } : obj.body.metadata;
  return JSON.stringify(sorted({ ...obj.body, metadata: metadata ?? null }));
}
