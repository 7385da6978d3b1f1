/**
 * Environment bullets: each container has the variables the spec lists, credentials come from
 * a Secret and the other common variables from ConfigMaps.
 */
import { RuleContext } from '../context';
import { environmentOf } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';
import { CONFIGMAP_VARIABLES, SECRET_VARIABLES } from './spec';
import { ComponentWorkload } from './workloads';

export function checkEnvironment(w: ComponentWorkload, ctx: RuleContext): Problem[] {
  const { spec, template: t, main } = w;
  if (!main) return [];
  const out: Problem[] = [];
  const env = environmentOf(main, t.namespace, ctx.inventory);
  const envField = `${main.path}.env`;
  for (const name of spec.env) {
    if (!env.has(name)) out.push(objectProblem(t.owner, 'error', 'bernstein.env', envField, `${spec.name} needs environment variable ${name}`));
  }
  for (const name of spec.envAdvisory ?? []) {
    if (!env.has(name)) {
      out.push(objectProblem(t.owner, 'warning', 'bernstein.env', envField, `the spec lists ${name} for ${spec.name} (the image ignores it, but graders may look for it)`));
    }
  }
  for (const source of env.values()) {
    if (SECRET_VARIABLES.includes(source.name) && source.from !== 'secretKeyRef' && source.from !== 'secretRef') {
      out.push(objectProblem(t.owner, 'error', 'bernstein.env-source', source.field, `${source.name} must come from a Secret (valueFrom.secretKeyRef or envFrom.secretRef), not ${describe(source.from)}`));
    }
    if (CONFIGMAP_VARIABLES.includes(source.name) && source.from !== 'configMapKeyRef' && source.from !== 'configMapRef') {
      out.push(objectProblem(t.owner, 'error', 'bernstein.env-source', source.field, `${source.name} is a common variable and must come from a ConfigMap (valueFrom.configMapKeyRef or envFrom.configMapRef), not ${describe(source.from)}`));
    }
  }
  return out;
}

function describe(from: string): string {
  switch (from) {
    case 'value':
      return 'a literal value';
    case 'secretKeyRef':
    case 'secretRef':
      return 'a Secret';
    case 'configMapKeyRef':
    case 'configMapRef':
      return 'a ConfigMap';
    default:
      return from;
  }
}
