import { ApiObject, Chart } from 'cdk8s';
import { Component } from '../constructs/component';
import { ValidationError } from '../validation/prop-checker';
import { applyRank } from './file-names';
import { fileOf } from './layout';

/** One component's files, applied together. */
export interface ApplyStep {
  /** The component's name, the stem of its files (`postgres` for `postgres.deployment.yaml`). */
  readonly component: string;
  /** File names, in the order `kubectl apply -f` takes them. */
  readonly files: readonly string[];
  /** Components that must be applied first (Namespaces it lives in, servers it connects to). */
  readonly after: readonly string[];
}

/**
 * The order in which a chart's components are applied, derived from its construct graph:
 * a component comes after the Namespace component it lives in and after every component it
 * connects to (stores before the clients bound to them, routed apps before the controller
 * routing to them), after every component whose ConfigMap or Secret it reads, and after the
 * Namespace of every object it writes (a store's copy of its settings in a client's namespace).
 * Among components free to go, construction order decides, so the output is
 * stable. Nested components of the same name (a Kafka and its member StatefulSet) are one step.
 *
 * @example
 * const postgres = new Postgres(chart, 'Postgres', { credentials: { user: 'shop', password: 'dev', database: 'shop' } });
 * new StatelessApp(chart, 'Api', { name: 'api', image: 'shop/api:1.0', port: 8080, env: postgres.connectionEnv() });
 * for (const step of applyOrder(chart)) console.log(`kubectl apply ${step.files.map((f) => `-f out/${f}`).join(' ')}`);
 */
export function applyOrder(chart: Chart): ApplyStep[] {
  const constructs = chart.node.findAll();
  const components = constructs.filter(Component.isComponent);
  // The names the layout gives each object's file.
  const filesOf = new Map<string, Set<string>>();
  for (const o of constructs.filter(ApiObject.isApiObject)) {
    const file = fileOf(o);
    if (!file) continue;
    filesOf.set(file.component, (filesOf.get(file.component) ?? new Set<string>()).add(file.fileName));
  }
  const names = [...new Set(components.map((c) => c.componentName))];
  const namespaceOwners = new Map(components.filter(ownsNamespace).map((c) => [c.namespace, c.componentName]));
  const after = new Map(names.map((n) => [n, new Set<string>()]));
  for (const c of components) {
    const deps = after.get(c.componentName)!;
    const home = namespaceOwners.get(c.namespace);
    if (home !== undefined) deps.add(home);
    for (const endpoint of c.connections) deps.add(endpoint.component.componentName);
    for (const source of c.reads) {
      const owner = Component.owning(source);
      if (owner) deps.add(owner.componentName);
    }
    deps.delete(c.componentName);
  }
  for (const o of constructs.filter(ApiObject.isApiObject)) {
    const owner = Component.owning(o);
    const home = o.metadata.namespace === undefined ? undefined : namespaceOwners.get(o.metadata.namespace);
    if (owner && home !== undefined && home !== owner.componentName) after.get(owner.componentName)!.add(home);
  }

  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    const next = names.find((n) => !placed.has(n) && [...after.get(n)!].every((d) => placed.has(d)));
    if (next === undefined) {
      const stuck = names.filter((n) => !placed.has(n));
      throw new ValidationError([`components ${stuck.join(', ')} connect to each other in a cycle, so no apply order puts each after what it needs; allowed: connections without a cycle (declare a call back to a client with callBack(), which apply order does not follow)`]);
    }
    order.push(next);
    placed.add(next);
  }
  return order.map((component) => ({
    component,
    files: [...(filesOf.get(component) ?? [])]
      .sort((a, b) => applyRank(a) - applyRank(b) || (a < b ? -1 : a > b ? 1 : 0)),
    after: names.filter((n) => after.get(component)!.has(n)),
  }));
}

function ownsNamespace(component: Component): boolean {
  return component.node.findAll().some((c) => ApiObject.isApiObject(c) && c.kind === 'Namespace' && Component.owning(c) === component);
}
