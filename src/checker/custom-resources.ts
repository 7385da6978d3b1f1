/**
 * Schemas of custom resources: from the CustomResourceDefinitions of the checked folder, and
 * for the Gateway API (not part of Kubernetes) from the standard-channel CRDs this package
 * ships (schemas/gateway-api/, kubernetes-sigs/gateway-api v1.6.1). A CRD of the folder wins
 * over the shipped one. Validation follows the API server with strict field validation: the
 * version must be served, fields must be declared (unless `x-kubernetes-preserve-unknown-fields`),
 * types, enums, formats, patterns, lengths and bounds hold. CEL rules
 * (`x-kubernetes-validations`) are not evaluated.
 */
import * as fs from 'fs';
import { isIPv4, isIPv6 } from 'net';
import * as path from 'path';
import * as zlib from 'zlib';
import { Inventory } from '../manifests/inventory';
import { asArray, asString, dig, isObject } from '../manifests/json';
import { JsonObject } from './types';
import { FormatCheck, schemaValidator, Validate } from './schema-validate';

/** The Gateway API release whose standard CRDs ship with the checker. */
export const GATEWAY_API_VERSION = 'v1.6.1';
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** One CustomResourceDefinition, reduced to what validation needs. */
export interface CustomResourceDefinitionInfo {
  readonly group: string;
  readonly kind: string;
  /** Where it comes from: a file of the folder, or the shipped Gateway API CRDs. */
  readonly source: string;
  /** Served versions and their schema (undefined when the CRD gives none). */
  readonly versions: ReadonlyMap<string, JsonObject | undefined>;
}

const FORMATS: Record<string, FormatCheck> = {
  ipv4: { type: 'string', test: (v: string) => isIPv4(v) },
  ipv6: { type: 'string', test: (v: string) => isIPv6(v) },
  int32: { type: 'number', test: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  int64: { type: 'number', test: (n: number) => Number.isInteger(n) },
};

/** CRDs (apiextensions.k8s.io/v1, and v1beta1's single `validation`) of a list of objects. */
export function crdInfos(bodies: readonly JsonObject[], source: (body: JsonObject) => string): CustomResourceDefinitionInfo[] {
  const out: CustomResourceDefinitionInfo[] = [];
  for (const body of bodies) {
    if (body.kind !== 'CustomResourceDefinition') continue;
    const group = asString(dig(body, 'spec', 'group'));
    const kind = asString(dig(body, 'spec', 'names', 'kind'));
    if (!group || !kind) continue;
    const shared = dig(body, 'spec', 'validation', 'openAPIV3Schema');
    const versions = new Map<string, JsonObject | undefined>();
    for (const v of asArray(dig(body, 'spec', 'versions'))) {
      const name = isObject(v) ? asString(v.name) : undefined;
      if (!name || !isObject(v) || v.served === false) continue;
      const schema = dig(v, 'schema', 'openAPIV3Schema') ?? shared;
      versions.set(name, isObject(schema) ? schema : undefined);
    }
    const single = asString(dig(body, 'spec', 'version'));
    if (single && !versions.has(single)) versions.set(single, isObject(shared) ? shared : undefined);
    out.push({ group, kind, source: source(body), versions });
  }
  return out;
}

let shippedGateway: CustomResourceDefinitionInfo[] | undefined;

/**
 * The shipped Gateway API CRDs, read once per process, only when a Gateway API object is
 * checked: from the compact JSON that scripts/import-gateway-schemas.js makes of the vendored
 * CRDs (parsing their 650 kB of YAML would cost more than a whole check).
 */
export function shippedGatewayCrds(): CustomResourceDefinitionInfo[] {
  if (!shippedGateway) {
    const file = packageFile('schemas', 'gateway-api', `${GATEWAY_API_VERSION}-standard-schemas.json.gz`);
    const data = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as { crds: { group: string; kind: string; versions: { name: string; schema: JsonObject | null }[] }[] };
    const source = `the Gateway API ${GATEWAY_API_VERSION} standard CRDs shipped with the checker`;
    shippedGateway = data.crds.map((c) => ({ group: c.group, kind: c.kind, source, versions: new Map(c.versions.map((v) => [v.name, v.schema ?? undefined])) }));
  }
  return shippedGateway;
}

/** A file of the package, found from src/ (tests) or lib/ (the bundled CLI). */
export function packageFile(...segments: string[]): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, ...segments);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`${segments.join('/')} not found above ${__dirname}`);
}

/** CRDs that apply to a folder: its own, then the shipped Gateway API ones for kinds it lacks. */
export class CustomResourceSchemas {
  private readonly own: CustomResourceDefinitionInfo[];
  private readonly validators = new Map<JsonObject, Validate>();

  constructor(inventory: Inventory) {
    this.own = crdInfos(inventory.ofKind('CustomResourceDefinition').map((o) => o.body), (body) => {
      const obj = inventory.objects.find((o) => o.body === body);
      return obj ? `${obj.ref} (${obj.file})` : 'this folder';
    });
  }

  /** The CRD defining `group`/`kind`, if the folder or the shipped Gateway API has one. */
  definition(group: string, kind: string): CustomResourceDefinitionInfo | undefined {
    const own = this.own.find((c) => c.group === group && c.kind === kind);
    if (own || group !== GATEWAY_API_GROUP) return own;
    return shippedGatewayCrds().find((c) => c.kind === kind);
  }

  validator(schema: JsonObject): Validate {
    let v = this.validators.get(schema);
    if (!v) {
      // An object's metadata is checked by the API server's own rules, not by the CRD.
      const root: JsonObject = { ...schema, properties: { ...(isObject(schema.properties) ? schema.properties : {}), metadata: { type: 'object' }, apiVersion: { type: 'string' }, kind: { type: 'string' } } };
      v = schemaValidator(root, { definitions: {}, formats: FORMATS, closeObjects: true });
      this.validators.set(schema, v);
    }
    return v;
  }
}
