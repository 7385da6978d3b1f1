/** Namespaces: cluster-scoped objects should not name one, namespaced ones need one that exists. */
import { RuleContext } from '../context';
import { BUILTIN_NAMESPACES } from '../../manifests/kinds';
import { objectProblem } from '../problems';
import { Problem } from '../types';

export function checkScopes(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const declared = new Set(ctx.inventory.ofKind('Namespace').map((n) => n.name));
  const seen = new Map<string, string>();
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
    if (first !== undefined) {
      out.push(objectProblem(obj, 'error', 'object.duplicate', 'metadata.name', `${obj.ref} is also defined in ${first}: applying the folder keeps only the last one`));
    } else {
      seen.set(key, `${obj.file} (document ${obj.index + 1})`);
    }
  }
  return out;
}
