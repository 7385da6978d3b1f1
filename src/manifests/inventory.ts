/** Turns documents into identified Kubernetes objects, indexed for cross-object readers. */
import { asString, dig, isObject, toJson } from './json';
import { CLUSTER_SCOPED_KINDS, splitApiVersion } from './kinds';
import { JsonObject, ManifestDocument, ManifestIssue } from './types';

export interface ManifestObject {
  readonly file: string;
  /** Position of the source document in its file. */
  readonly index: number;
  readonly apiVersion: string;
  readonly group: string;
  readonly kind: string;
  /** `metadata.name`, empty when missing (the checker's schema rule reports it). */
  readonly name: string;
  /** `metadata.namespace` as written. */
  readonly declaredNamespace: string | undefined;
  /** Effective namespace (`default` when unset); undefined for cluster-scoped objects. */
  readonly namespace: string | undefined;
  readonly clusterScoped: boolean;
  readonly body: JsonObject;
  /** Display name: `Kind/namespace/name` or `Kind/name`. */
  readonly ref: string;
}

export class Inventory {
  private readonly byKey = new Map<string, ManifestObject>();
  /** Objects per kind, so that a rule about a kind costs nothing when the folder has none. */
  private readonly byKind = new Map<string, ManifestObject[]>();

  constructor(readonly objects: readonly ManifestObject[]) {
    for (const o of objects) {
      const key = Inventory.key(o.kind, o.namespace, o.name);
      if (!this.byKey.has(key)) this.byKey.set(key, o);
      const sameKind = this.byKind.get(o.kind);
      if (sameKind) sameKind.push(o);
      else this.byKind.set(o.kind, [o]);
    }
  }

  private static key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}\0${namespace ?? ''}\0${name}`;
  }

  /** Lookup by kind regardless of API group: references name kinds, not groups. */
  find(kind: string, namespace: string | undefined, name: string): ManifestObject | undefined {
    return this.byKey.get(Inventory.key(kind, namespace, name));
  }

  /** Objects of these kinds, in folder order. */
  ofKind(...kinds: string[]): ManifestObject[] {
    if (kinds.length === 1) return [...(this.byKind.get(kinds[0]) ?? [])];
    return this.objects.filter((o) => kinds.includes(o.kind));
  }

  inNamespace(kind: string, namespace: string | undefined): ManifestObject[] {
    return (this.byKind.get(kind) ?? []).filter((o) => o.namespace === namespace);
  }

  /**
   * Why a lookup failed, for messages: the same name in another namespace is the classic
   * mistake (an Ingress in kube-public pointing at a Service in default).
   */
  missingHint(kind: string, namespace: string | undefined, name: string): string {
    const other = this.objects.find((o) => o.kind === kind && o.name === name && o.namespace !== namespace);
    if (other) return ` (there is one in namespace ${other.namespace ?? '(cluster)'}, in ${other.file})`;
    const names = this.inNamespace(kind, namespace).map((o) => o.name).filter(Boolean);
    if (names.length === 0) return '';
    const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '');
    return ` (${kind}s there: ${shown})`;
  }
}

export interface InventoryBuild {
  readonly inventory: Inventory;
  readonly issues: ManifestIssue[];
}

export function documentLabel(doc: ManifestDocument): string {
  return `document ${(doc.index ?? 0) + 1}`;
}

function documentIssue(doc: ManifestDocument, rule: string, message: string, field = '-'): ManifestIssue {
  return { severity: 'error', file: doc.file, object: documentLabel(doc), field, message, rule };
}

/**
 * kubectl applies `kind: List` (and any *List with items) item by item, and a List inside a
 * List the same way.
 */
function flattenLists(doc: ManifestDocument, body: JsonObject, out: { doc: ManifestDocument; body: JsonObject }[], issues: ManifestIssue[]): void {
  const kind = asString(body.kind);
  if (!kind || !kind.endsWith('List') || !Array.isArray(body.items)) {
    out.push({ doc, body });
    return;
  }
  for (const item of body.items) {
    if (isObject(item)) flattenLists(doc, item, out, issues);
    else issues.push(documentIssue(doc, 'yaml.not-object', `${kind} item is not a mapping`));
  }
}

/** Identifies every object of `documents`: kind, group, scope, effective namespace, file. */
export function buildInventory(documents: readonly ManifestDocument[]): InventoryBuild {
  const issues: ManifestIssue[] = [];
  const raw: { doc: ManifestDocument; body: JsonObject }[] = [];
  for (const doc of documents) {
    const content = toJson(doc.content);
    if (content === null) continue; // an empty document: kubectl skips it
    if (!isObject(content)) {
      const got = Array.isArray(content) ? 'a list' : `a ${typeof content}`;
      issues.push(documentIssue(doc, 'yaml.not-object', `a Kubernetes object must be a mapping; ${documentLabel(doc)} is ${got}`));
      continue;
    }
    flattenLists(doc, content, raw, issues);
  }

  const customClusterScoped = new Set<string>();
  for (const { body } of raw) {
    if (body.kind !== 'CustomResourceDefinition' || dig(body, 'spec', 'scope') !== 'Cluster') continue;
    const group = asString(dig(body, 'spec', 'group'));
    const kind = asString(dig(body, 'spec', 'names', 'kind'));
    if (group && kind) customClusterScoped.add(`${group}|${kind}`);
  }

  const objects: ManifestObject[] = [];
  for (const { doc, body } of raw) {
    const apiVersion = asString(body.apiVersion);
    const kind = asString(body.kind);
    const missing = [!apiVersion && 'apiVersion', !kind && 'kind'].filter(Boolean).join(' and ');
    if (!apiVersion || !kind) {
      issues.push(documentIssue(doc, 'schema.required', `missing ${missing}: not a Kubernetes object`, missing.split(' ')[0]));
      continue;
    }
    const group = splitApiVersion(apiVersion).group;
    const clusterScoped = CLUSTER_SCOPED_KINDS.has(kind) || customClusterScoped.has(`${group}|${kind}`);
    const name = asString(dig(body, 'metadata', 'name')) ?? '';
    const declaredNamespace = asString(dig(body, 'metadata', 'namespace'));
    const namespace = clusterScoped ? undefined : declaredNamespace || 'default';
    const shownName = name || `<unnamed ${documentLabel(doc)}>`;
    objects.push({
      file: doc.file,
      index: doc.index ?? 0,
      apiVersion,
      group,
      kind,
      name,
      declaredNamespace,
      namespace,
      clusterScoped,
      body,
      ref: namespace === undefined ? `${kind}/${shownName}` : `${kind}/${namespace}/${shownName}`,
    });
  }
  return { inventory: new Inventory(objects), issues };
}

/** Keys of a ConfigMap (data + binaryData) or Secret (data + stringData). */
export function payloadKeys(obj: ManifestObject): Set<string> {
  const sections = obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const keys = new Set<string>();
  for (const s of sections) {
    const section = obj.body[s];
    if (isObject(section)) for (const k of Object.keys(section)) keys.add(k);
  }
  return keys;
}
