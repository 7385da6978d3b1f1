/**
 * Loads a shipped Kubernetes schema and compiles validators for it, lazily and once.
 *
 * Compiling the whole 1 MB definitions file takes seconds; compiling one kind takes tens of
 * milliseconds and shares the sub-schemas (PodSpec, ObjectMeta, …) with kinds compiled later.
 * Stores and validators live for the whole process, so repeated checks (tests) pay once.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import Ajv, { ValidateFunction } from 'ajv';
import { LEGACY_DEFINITIONS, LEGACY_GVK, SAME_SHAPE_SUCCESSOR } from './legacy-definitions';
import { isObject } from '../manifests/json';
import { isValidQuantity } from './quantity';
import { JsonObject, JsonValue } from './types';
import { SchemaVersion } from './versions';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const ROOT_ID = 'k8s';

export interface SchemaStore {
  readonly version: SchemaVersion;
  /** True when this schema itself defines `apiVersion`/`kind`. */
  has(apiVersion: string, kind: string): boolean;
  /** Definition to validate with: native, built-in legacy, or same-shape successor. */
  definitionFor(apiVersion: string, kind: string): string | undefined;
  /** apiVersions under which this schema defines `kind` (for "did you mean" hints). */
  apiVersionsOf(kind: string): string[];
  validator(definition: string): ValidateFunction;
}

const stores = new Map<SchemaVersion, SchemaStore>();

export function schemaStore(version: SchemaVersion): SchemaStore {
  let store = stores.get(version);
  if (!store) {
    store = createStore(version);
    stores.set(version, store);
  }
  return store;
}

/** The schemas sit at `<package root>/schemas/k8s`, reached from src/ (tests) and lib/ (bundled CLI). */
function schemaFile(version: SchemaVersion): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'schemas', 'k8s', `${version}.json.gz`);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`schema ${version}.json.gz not found above ${__dirname} (expected in schemas/k8s/)`);
}

function createStore(version: SchemaVersion): SchemaStore {
  const raw = JSON.parse(zlib.gunzipSync(fs.readFileSync(schemaFile(version))).toString('utf8')) as {
    definitions: Record<string, JsonObject>;
  };
  const definitions = raw.definitions;
  const gvkIndex = new Map<string, string>();
  const kindIndex = new Map<string, string[]>();
  for (const [name, def] of Object.entries(definitions)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks) {
      if (!isObject(gvk) || typeof gvk.kind !== 'string' || typeof gvk.version !== 'string') continue;
      const apiVersion = gvk.group ? `${String(gvk.group)}/${gvk.version}` : gvk.version;
      const key = `${apiVersion}|${gvk.kind}`;
      if (!gvkIndex.has(key)) gvkIndex.set(key, name);
      kindIndex.set(gvk.kind, [...(kindIndex.get(gvk.kind) ?? []), apiVersion]);
    }
  }
  Object.assign(definitions, structuredClone(LEGACY_DEFINITIONS));
  prepareDefinitions(definitions);

  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    verbose: true, // errors carry the offending data and parent schema, for readable messages
    inlineRefs: false, // every definition compiles once and is shared between kinds
    validateSchema: false, // the shipped files are trusted; meta-validation costs ~100 ms
    code: { optimize: false }, // halves the compile time of a Deployment; validation speed is moot here
  });
  ajv.addFormat('quantity', { type: 'string', validate: isValidQuantity });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  // Secret/ConfigMap payloads get a dedicated rule with clearer messages (rules/secrets.ts).
  ajv.addFormat('byte', () => true);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/);
  ajv.addSchema({ $id: ROOT_ID, definitions }, ROOT_ID);

  const validators = new Map<string, ValidateFunction>();
  const resolve = (apiVersion: string, kind: string): string | undefined => gvkIndex.get(`${apiVersion}|${kind}`);

  return {
    version,
    has: (apiVersion, kind) => gvkIndex.has(`${apiVersion}|${kind}`),
    definitionFor(apiVersion, kind) {
      const key = `${apiVersion}|${kind}`;
      const native = gvkIndex.get(key) ?? LEGACY_GVK[key];
      if (native) return native;
      const successor = SAME_SHAPE_SUCCESSOR[key];
      return successor ? resolve(...(successor.split('|') as [string, string])) : undefined;
    },
    apiVersionsOf: (kind) => [...new Set(kindIndex.get(kind) ?? [])],
    validator(definition) {
      let v = validators.get(definition);
      if (!v) {
        const found = ajv.getSchema(`${ROOT_ID}#/definitions/${definition}`);
        if (!found) throw new Error(`no definition ${definition} in schema ${version}`);
        v = found;
        validators.set(definition, v);
      }
      return v;
    },
  };
}

/**
 * Makes the published schemas behave like the API server with strict field validation (the
 * kubectl default since 1.27): unknown fields are errors, which the files do not say
 * (`additionalProperties` is absent everywhere). Quantities get a real syntax check and
 * int-or-string loses the `oneOf` that makes every mistake report three errors.
 */
function prepareDefinitions(definitions: Record<string, JsonObject>): void {
  definitions[QUANTITY] = { type: ['string', 'number'], format: 'quantity' };
  definitions[INT_OR_STRING] = { type: ['string', 'integer'] };
  for (const def of Object.values(definitions)) closeObjects(def);
}

function closeObjects(node: JsonValue): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (!isObject(node)) return;
  const props = node.properties;
  if (isObject(props)) {
    if (!('additionalProperties' in node)) node.additionalProperties = false;
    for (const sub of Object.values(props)) closeObjects(sub);
  }
  for (const key of ['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'not']) {
    const sub = node[key];
    if (sub !== undefined && typeof sub !== 'boolean') closeObjects(sub);
  }
}
