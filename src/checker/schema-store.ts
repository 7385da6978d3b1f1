/**
 * Loads a shipped Kubernetes schema, once per process, and hands out validators that walk its
 * definitions (schema-validate.ts): nothing is compiled, so a check pays only for reading and
 * parsing the gzipped file.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { LEGACY_DEFINITIONS, LEGACY_GVK, SAME_SHAPE_SUCCESSOR } from './legacy-definitions';
import { isObject } from '../manifests/json';
import { isValidQuantity } from './quantity';
import { FormatCheck, schemaValidator, Validate } from './schema-validate';
import { JsonObject } from './types';
import { SchemaVersion } from './versions';

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export interface SchemaStore {
  readonly version: SchemaVersion;
  /** True when this schema itself defines `apiVersion`/`kind`. */
  has(apiVersion: string, kind: string): boolean;
  /** Definition to validate with: native, built-in legacy, or same-shape successor. */
  definitionFor(apiVersion: string, kind: string): string | undefined;
  /** apiVersions under which this schema defines `kind` (for "did you mean" hints). */
  apiVersionsOf(kind: string): string[];
  validator(definition: string): Validate;
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
  Object.assign(definitions, LEGACY_DEFINITIONS);
  prepareDefinitions(definitions);

  const formats: Record<string, FormatCheck> = {
    quantity: { type: 'string', test: isValidQuantity },
    int32: { type: 'number', test: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
    int64: { type: 'number', test: (n: number) => Number.isInteger(n) },
    'date-time': { type: 'string', test: (s: string) => DATE_TIME.test(s) },
    // `byte`: Secret/ConfigMap payloads get a dedicated rule with clearer messages (rules/secrets.ts).
  };
  const options = { definitions, formats, closeObjects: true };

  const validators = new Map<string, Validate>();
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
        if (!definitions[definition]) throw new Error(`no definition ${definition} in schema ${version}`);
        v = schemaValidator({ $ref: `#/definitions/${definition}` }, options);
        validators.set(definition, v);
      }
      return v;
    },
  };
}

/**
 * Makes the published schemas behave like the API server with strict field validation (the
 * kubectl default since 1.27): unknown fields are errors, which the files do not say
 * (`additionalProperties` is absent everywhere; the validator closes such objects).
 * Quantities get a real syntax check and int-or-string loses the `oneOf` that makes every
 * mistake report three errors.
 */
function prepareDefinitions(definitions: Record<string, JsonObject>): void {
  definitions[QUANTITY] = { type: ['string', 'number'], format: 'quantity' };
  definitions[INT_OR_STRING] = { type: ['string', 'integer'] };
}
