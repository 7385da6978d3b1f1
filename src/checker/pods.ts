/** Pod templates of every workload kind, and what their containers reference. */
import { Inventory, ManifestObject, payloadKeys } from './inventory';
import { asArray, asObject, asString, dig, isObject, path, stringMap } from './json';
import { JsonObject } from './types';

export interface PodTemplate {
  readonly owner: ManifestObject;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: JsonObject;
  /** Field path of the pod spec (`spec.template.spec`). */
  readonly specPath: string;
  /** Field path of the pod labels (`spec.template.metadata.labels`). */
  readonly labelsPath: string;
}

/** Kinds whose pod template sits at `spec.template`. */
export const TEMPLATED_WORKLOADS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'];

export function podTemplateOf(obj: ManifestObject): PodTemplate | undefined {
  if (obj.namespace === undefined) return undefined;
  let base: string[];
  let meta: string[];
  if (TEMPLATED_WORKLOADS.includes(obj.kind)) {
    base = ['spec', 'template', 'spec'];
    meta = ['spec', 'template', 'metadata'];
  } else if (obj.kind === 'CronJob') {
    base = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    meta = ['spec', 'jobTemplate', 'spec', 'template', 'metadata'];
  } else if (obj.kind === 'Pod') {
    base = ['spec'];
    meta = ['metadata'];
  } else {
    return undefined;
  }
  const spec = asObject(dig(obj.body, ...base));
  if (!spec) return undefined;
  return {
    owner: obj,
    namespace: obj.namespace,
    labels: stringMap(dig(obj.body, ...meta, 'labels')),
    spec,
    specPath: path('', ...base),
    labelsPath: path('', ...meta, 'labels'),
  };
}

export function podTemplates(inventory: Inventory): PodTemplate[] {
  return inventory.objects.flatMap((o) => podTemplateOf(o) ?? []);
}

export interface ContainerRef {
  readonly container: JsonObject;
  readonly name: string;
  /** Field path of the container (`spec.template.spec.containers[0]`). */
  readonly path: string;
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
}

export function containersOf(t: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    asArray(t.spec[list]).forEach((c, i) => {
      if (isObject(c)) out.push({ container: c, name: asString(c.name) ?? '', path: path(t.specPath, list, i), list });
    });
  }
  return out;
}

export interface ContainerPort {
  readonly containerPort: number;
  readonly name?: string;
  readonly protocol: string;
}

export function containerPorts(c: JsonObject): ContainerPort[] {
  return asArray(c.ports).flatMap((p): ContainerPort[] => {
    if (!isObject(p) || typeof p.containerPort !== 'number') return [];
    return [{ containerPort: p.containerPort, name: asString(p.name), protocol: asString(p.protocol) ?? 'TCP' }];
  });
}

/** Where one environment variable of a container comes from. */
export interface EnvSource {
  readonly name: string;
  readonly from: 'value' | 'configMapKeyRef' | 'secretKeyRef' | 'fieldRef' | 'resourceFieldRef' | 'configMapRef' | 'secretRef' | 'unknown';
  /** ConfigMap/Secret name for the ref kinds. */
  readonly ref?: string;
  readonly key?: string;
  readonly field: string;
}

/**
 * Effective environment of a container: `env` entries plus the keys that `envFrom` imports
 * from ConfigMaps/Secrets found in the folder (an `env` entry wins over `envFrom`, as in the kubelet).
 */
export function environmentOf(c: ContainerRef, namespace: string, inventory: Inventory): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  asArray(c.container.envFrom).forEach((e, i) => {
    if (!isObject(e)) return;
    const prefix = asString(e.prefix) ?? '';
    for (const [refField, kind, from] of [['configMapRef', 'ConfigMap', 'configMapRef'], ['secretRef', 'Secret', 'secretRef']] as const) {
      const ref = asString(dig(e, refField, 'name'));
      if (!ref) continue;
      const target = inventory.find(kind, namespace, ref);
      if (!target) continue;
      for (const key of payloadKeys(target)) {
        env.set(prefix + key, { name: prefix + key, from, ref, key, field: path(c.path, 'envFrom', i, refField) });
      }
    }
  });
  asArray(c.container.env).forEach((e, i) => {
    if (!isObject(e)) return;
    const name = asString(e.name);
    if (!name) return;
    const field = path(c.path, 'env', i);
    const vf = asObject(e.valueFrom);
    if (!vf) {
      env.set(name, { name, from: 'value', field });
      return;
    }
    for (const from of ['configMapKeyRef', 'secretKeyRef'] as const) {
      const ref = asObject(vf[from]);
      if (ref) {
        env.set(name, { name, from, ref: asString(ref.name), key: asString(ref.key), field: path(field, 'valueFrom', from) });
        return;
      }
    }
    const other = vf.fieldRef ? 'fieldRef' : vf.resourceFieldRef ? 'resourceFieldRef' : 'unknown';
    env.set(name, { name, from: other, field: path(field, 'valueFrom') });
  });
  return env;
}
