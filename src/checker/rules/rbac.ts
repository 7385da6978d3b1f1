/**
 * RBAC wiring: bindings name roles that exist and ServiceAccounts in the namespace the
 * subject says; pods run as ServiceAccounts that exist. A binding to a ServiceAccount in the
 * wrong namespace is accepted by the API server and grants nothing, hence the care here.
 */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { asArray, asObject, asString, isObject, path } from '../../manifests/json';
import { BUILTIN_CLUSTER_ROLES } from '../../manifests/kinds';
import { podReferences } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';

export function checkRbac(ctx: RuleContext): Problem[] {
  return [
    ...ctx.inventory.ofKind('RoleBinding', 'ClusterRoleBinding').flatMap((b) => [...checkRoleRef(b, ctx), ...checkSubjects(b, ctx)]),
    ...checkPodServiceAccounts(ctx),
  ];
}

function checkRoleRef(binding: ManifestObject, ctx: RuleContext): Problem[] {
  const ref = asObject(binding.body.roleRef);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!ref || !kind || !name) return [];
  if (kind === 'Role') {
    if (binding.kind === 'ClusterRoleBinding') {
      return [objectProblem(binding, 'error', 'ref.rbac-role', 'roleRef.kind', 'a ClusterRoleBinding can only reference a ClusterRole')];
    }
    if (ctx.inventory.find('Role', binding.namespace, name)) return [];
    return [objectProblem(binding, 'error', 'ref.rbac-role', 'roleRef.name', `Role "${name}" not found in namespace ${binding.namespace}${ctx.inventory.missingHint('Role', binding.namespace, name)}`)];
  }
  if (kind === 'ClusterRole') {
    if (ctx.inventory.find('ClusterRole', undefined, name) || BUILTIN_CLUSTER_ROLES.has(name) || name.startsWith('system:')) return [];
    const hint = ctx.inventory.objects.find((o) => o.kind === 'Role' && o.name === name) ? ' (a Role of that name exists: set roleRef.kind: Role)' : '';
    return [objectProblem(binding, 'error', 'ref.rbac-role', 'roleRef.name', `ClusterRole "${name}" not found (nor built in)${hint}`)];
  }
  return [objectProblem(binding, 'error', 'ref.rbac-role', 'roleRef.kind', `roleRef.kind must be Role or ClusterRole, got "${kind}"`)];
}

function checkSubjects(binding: ManifestObject, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  asArray(binding.body.subjects).forEach((s, i) => {
    if (!isObject(s) || s.kind !== 'ServiceAccount') return;
    const name = asString(s.name);
    if (!name) return;
    const declared = asString(s.namespace);
    const namespace = declared ?? binding.namespace;
    if (!namespace) {
      out.push(objectProblem(binding, 'error', 'ref.rbac-subject', path('subjects', i, 'namespace'), `ServiceAccount subject "${name}" of a ClusterRoleBinding needs a namespace`));
      return;
    }
    if (name === 'default' || ctx.inventory.find('ServiceAccount', namespace, name)) return;
    const other = ctx.inventory.objects.find((o) => o.kind === 'ServiceAccount' && o.name === name);
    if (other) {
      out.push(objectProblem(binding, 'error', 'ref.rbac-subject', path('subjects', i, 'namespace'), `ServiceAccount "${name}" is in namespace ${other.namespace}, not ${namespace}: the binding grants nothing to it`));
    } else {
      out.push(objectProblem(binding, 'error', 'ref.rbac-subject', path('subjects', i, 'name'), `ServiceAccount "${name}" not found in namespace ${namespace}`));
    }
  });
  return out;
}

function checkPodServiceAccounts(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) => {
    const account = podReferences(t).serviceAccount;
    if (!account || account.name === 'default' || ctx.inventory.find('ServiceAccount', t.namespace, account.name)) return [];
    return [objectProblem(t.owner, 'error', 'ref.service-account', account.field, `ServiceAccount "${account.name}" not found in namespace ${t.namespace}${ctx.inventory.missingHint('ServiceAccount', t.namespace, account.name)}: the pods will not be created`)];
  });
}
