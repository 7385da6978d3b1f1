/** Pod templates of every workload kind, and what their containers reference. */
import { Inventory, ManifestObject, payloadKeys } from './inventory';
import { asArray, asObject, asString, dig, isObject, path, stringMap } from './json';
import { POD_TEMPLATE_PATHS } from './kinds';
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

/** The pod template of a workload (a Pod is its own), or undefined for other kinds. */
export function podTemplateOf(obj: ManifestObject): PodTemplate | undefined {
  const where = POD_TEMPLATE_PATHS[obj.kind];
  if (obj.namespace === undefined || !where) return undefined;
  const spec = asObject(dig(obj.body, ...where.spec));
  if (!spec) return undefined;
  return {
    owner: obj,
    namespace: obj.namespace,
    labels: stringMap(dig(obj.body, ...where.metadata, 'labels')),
    spec,
    specPath: path('', ...where.spec),
    labelsPath: path('', ...where.metadata, 'labels'),
  };
}

/** Every pod template of the inventory, in object order. */
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

/** A ConfigMap or Secret a pod reads. */
export interface PayloadReference {
  readonly kind: 'ConfigMap' | 'Secret';
  /** Undefined when the reference names nothing (the schema reports it). */
  readonly name: string | undefined;
  /** Field path of the name. */
  readonly nameField: string;
  readonly optional: boolean;
  /** Keys the reference needs, with the field naming each. */
  readonly keys: readonly { key: string; field: string }[];
}

/** A PersistentVolumeClaim a pod mounts through one of its volumes. */
export interface ClaimReference {
  readonly claimName: string;
  /** Name of the pod volume. */
  readonly volume: string;
  /** Field path of `claimName`. */
  readonly field: string;
}

/** What a pod needs from other objects. */
export interface PodReferences {
  /** ConfigMaps and Secrets: env `valueFrom`, `envFrom`, `configMap`/`secret` volumes and `projected` sources, in that order per container then per volume. */
  readonly payloads: readonly PayloadReference[];
  readonly claims: readonly ClaimReference[];
  /** `serviceAccountName` (or the deprecated `serviceAccount`), when set. */
  readonly serviceAccount: { readonly name: string; readonly field: string } | undefined;
}

/** Every reference a pod template makes to ConfigMaps, Secrets, claims and its ServiceAccount. */
export function podReferences(t: PodTemplate): PodReferences {
  const payloads: PayloadReference[] = [];
  for (const c of containersOf(t)) {
    asArray(c.container.env).forEach((e, i) => {
      const vf = isObject(e) ? asObject(e.valueFrom) : undefined;
      if (!vf) return;
      for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
        const ref = asObject(vf[field]);
        if (!ref) continue;
        const base = path(c.path, 'env', i, 'valueFrom', field);
        const key = asString(ref.key);
        payloads.push({ kind, name: asString(ref.name), nameField: path(base, 'name'), optional: ref.optional === true, keys: key ? [{ key, field: path(base, 'key') }] : [] });
      }
    });
    asArray(c.container.envFrom).forEach((e, i) => {
      if (!isObject(e)) return;
      for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
        const ref = asObject(e[field]);
        if (ref) payloads.push({ kind, name: asString(ref.name), nameField: path(c.path, 'envFrom', i, field, 'name'), optional: ref.optional === true, keys: [] });
      }
    });
  }
  const claims: ClaimReference[] = [];
  asArray(t.spec.volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    const base = path(t.specPath, 'volumes', i);
    const cm = asObject(v.configMap);
    if (cm) payloads.push(volumeReference('ConfigMap', cm, 'name', path(base, 'configMap')));
    const secret = asObject(v.secret);
    if (secret) payloads.push(volumeReference('Secret', secret, 'secretName', path(base, 'secret')));
    asArray(asObject(v.projected)?.sources).forEach((s, j) => {
      if (!isObject(s)) return;
      for (const [field, kind] of [['configMap', 'ConfigMap'], ['secret', 'Secret']] as const) {
        const src = asObject(s[field]);
        if (src) payloads.push(volumeReference(kind, src, 'name', path(base, 'projected', 'sources', j, field)));
      }
    });
    const claimName = asString(dig(v, 'persistentVolumeClaim', 'claimName'));
    if (claimName) claims.push({ claimName, volume: asString(v.name) ?? '', field: path(base, 'persistentVolumeClaim', 'claimName') });
  });
  const accountKey = typeof t.spec.serviceAccountName === 'string' ? 'serviceAccountName' : 'serviceAccount';
  const account = asString(t.spec[accountKey]);
  return { payloads, claims, serviceAccount: account ? { name: account, field: path(t.specPath, accountKey) } : undefined };
}

function volumeReference(kind: PayloadReference['kind'], source: JsonObject, nameKey: string, base: string): PayloadReference {
  const keys = asArray(source.items).flatMap((item, j) => {
    const key = isObject(item) ? asString(item.key) : undefined;
    return key ? [{ key, field: path(base, 'items', j, 'key') }] : [];
  });
  return { kind, name: asString(source[nameKey]), nameField: path(base, nameKey), optional: source.optional === true, keys };
}
