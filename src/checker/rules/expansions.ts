/**
 * `$(NAME)` in env values, command and args is expanded by the kubelet from the container's
 * variables; an unknown name stays literally in the value, so the program gets `$(NAME)`
 * instead of a host or a password. Env values see only variables defined before them
 * (envFrom first, then earlier env entries); command and args see them all. Service-link
 * variables (`<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT_…`) are the kubelet's own and pass.
 */
import { RuleContext } from '../context';
import { asArray, asString, dig, isObject, path } from '../../manifests/json';
import { ContainerRef, containersOf, PodTemplate } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Inventory } from '../../manifests/inventory';
import { Problem } from '../types';

const RULE = 'ref.env-expansion';
const SERVICE_LINK = /_SERVICE_(HOST|PORT)(_[A-Z0-9_]+)?$|_PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?$/;

/** Names in `$(NAME)` references; `$$(NAME)` is an escaped literal. */
export function expansions(text: string): string[] {
  return [...text.matchAll(/(?<!\$)\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g)].map((m) => m[1]);
}

export function checkEnvExpansions(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) => containersOf(t).flatMap((c) => checkContainer(t, c, ctx.inventory)));
}

/** Variables `envFrom` imports; undefined when a source is not in the folder (its keys are unknown). */
function importedNames(c: ContainerRef, namespace: string, inventory: Inventory): Set<string> | undefined {
  const names = new Set<string>();
  for (const e of asArray(c.container.envFrom)) {
    if (!isObject(e)) continue;
    const prefix = asString(e.prefix) ?? '';
    for (const [field, kind, sections] of [['configMapRef', 'ConfigMap', ['data', 'binaryData']], ['secretRef', 'Secret', ['data', 'stringData']]] as const) {
      const ref = asString(dig(e, field, 'name'));
      if (!ref) continue;
      const source = inventory.find(kind, namespace, ref);
      if (!source) return undefined;
      for (const section of sections) {
        const data = source.body[section];
        if (isObject(data)) for (const key of Object.keys(data)) names.add(prefix + key);
      }
    }
  }
  return names;
}

function checkContainer(t: PodTemplate, c: ContainerRef, inventory: Inventory): Problem[] {
  const defined = importedNames(c, t.namespace, inventory);
  if (!defined) return [];
  const out: Problem[] = [];
  // Service-link names are short; a long one is no service link (and the unanchored pattern stays linear).
  const unknown = (name: string): boolean => !defined.has(name) && !(name.length <= 253 && SERVICE_LINK.test(name));
  const envNames = asArray(c.container.env).flatMap((e) => (isObject(e) && typeof e.name === 'string' ? [e.name] : []));
  asArray(c.container.env).forEach((e, i) => {
    if (!isObject(e)) return;
    const value = asString(e.value);
    for (const name of value === undefined ? [] : expansions(value)) {
      if (!unknown(name)) continue;
      const later = envNames.indexOf(name) > i ? `; ${name} is defined later in env, and order matters` : '';
      out.push(objectProblem(t.owner, 'warning', RULE, path(c.path, 'env', i, 'value'), `$(${name}) is not a variable defined before ${asString(e.name) ?? 'it'}${later}: the value keeps "$(${name})" literally`));
    }
    if (typeof e.name === 'string') defined.add(e.name);
  });
  for (const list of ['command', 'args'] as const) {
    asArray(c.container[list]).forEach((arg, i) => {
      for (const name of typeof arg === 'string' ? expansions(arg) : []) {
        if (unknown(name)) out.push(objectProblem(t.owner, 'warning', RULE, path(c.path, list, i), `$(${name}) is not a variable of container "${c.name}": the argument keeps "$(${name})" literally`));
      }
    });
  }
  return out;
}
