import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { Component } from './component';
import type { ManifestObject } from '../manifests/inventory';
import { POD_TEMPLATE_PATHS } from '../manifests/kinds';
import { podReferences, podTemplateOf } from '../manifests/pods';
import { objectJson } from './object-json';

const PAYLOAD_KINDS: ReadonlySet<string> = new Set(['ConfigMap', 'Secret']);

function namespaceOf(o: ApiObject): string {
  return o.metadata.namespace ?? 'default';
}

/**
 * Problems of pods under `scope` that read a ConfigMap or Secret the wiring does not know of:
 * - one of another component, with neither a recorded read ({@link Component.useEnv},
 *   {@link Component.readFrom}) nor a connection to that component: apply order, diagram and
 *   network policies would leave the traffic out;
 * - one the chart writes only in other namespaces: a pod reads its own namespace's objects only,
 *   so the reference would never resolve.
 * Objects the chart does not write at all are the cluster's business (the checker reports them).
 */
export function unrecordedReads(
  scope: IConstruct,
  owning: (c: IConstruct) => Component | undefined,
): string[] {
  const objects = scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  const payloads = new Map<string, ApiObject>();
  const namespacesByName = new Map<string, string[]>();
  for (const o of objects.filter((x) => PAYLOAD_KINDS.has(x.kind))) {
    payloads.set(`${o.kind}/${namespaceOf(o)}/${o.name}`, o);
    const byName = `${o.kind}/${o.name}`;
    namespacesByName.set(byName, [...(namespacesByName.get(byName) ?? []), namespaceOf(o)]);
  }
  const problems: string[] = [];
  for (const o of objects.filter((x) => POD_TEMPLATE_PATHS[x.kind] !== undefined)) {
    const reader = owning(o);
    if (!reader) continue;
    const namespace = namespaceOf(o);
    const template = podTemplateOf({ kind: o.kind, namespace, body: objectJson(o) } as ManifestObject);
    if (!template) continue;
    const seen = new Set<string>();
    for (const ref of podReferences(template).payloads) {
      if (ref.name === undefined || seen.has(`${ref.kind}/${ref.name}`)) continue;
      seen.add(`${ref.kind}/${ref.name}`);
      const what = `${o.kind} ${o.name} of component ${reader.componentName} (${o.node.path})`;
      const target = payloads.get(`${ref.kind}/${namespace}/${ref.name}`);
      if (!target) {
        const elsewhere = namespacesByName.get(`${ref.kind}/${ref.name}`) ?? [];
        if (elsewhere.length > 0 && !ref.optional) {
          problems.push(
            `${what} reads ${ref.kind} ${ref.name} (${ref.nameField}) in namespace ${namespace}, but the chart writes it in namespace ${elsewhere.join(', ')} only, ` +
              `and a pod reads ${ref.kind}s of its own namespace only; allowed: bindings used through the component (its env prop, or ${reader.componentName}.useEnv(bindings) / readFrom(source) for a container of your own), ` +
              `which write a copy into namespace ${namespace}, or both components in one namespace`,
          );
        }
        continue;
      }
      const owner = owning(target);
      if (!owner || (owner.componentName === reader.componentName && owner.namespace === reader.namespace)) continue;
      const recorded = reader.reads.some((s) => s.apiObject === target) || reader.connections.some((e) => e.component === owner);
      if (!recorded) {
        problems.push(
          `${what} reads ${ref.kind} ${ref.name} (${ref.nameField}) of component ${owner.componentName}, but no read of it and no connection to ${owner.componentName} is recorded, ` +
            `so apply order, diagram and network policies leave that traffic out; allowed: render the variables with ${reader.componentName}.useEnv(bindings) instead of toEnvVar, ` +
            `or record the read with ${reader.componentName}.readFrom(source)`,
        );
      }
    }
  }
  return problems;
}
