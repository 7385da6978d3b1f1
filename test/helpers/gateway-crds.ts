// Validates Gateway API objects against the openAPIV3Schema of the CRDs the package ships
// (schemas/gateway-api/), the way an API server with strict field validation would: unknown
// fields are errors (a structural schema prunes them; `kubectl apply --validate=strict` refuses
// them), types, enums, patterns, lengths and required fields as the schema says. CEL rules
// (x-kubernetes-validations) are not evaluated: only an API server runs them.
import Ajv, { ValidateFunction } from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { gunzipSync } from 'zlib';

type Schema = Record<string, unknown>;

export const GATEWAY_CRDS_FILE = path.resolve(__dirname, '../../schemas/gateway-api/v1.6.1-standard-crds.yaml.gz');

/** Every object schema closed to unknown fields unless it preserves them or says otherwise. */
function closed(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, closed(v)]));
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = closed(value as Schema);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v) => closed(v as Schema));
    } else out[key] = value;
  }
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/** A validator per `apiVersion|kind` of the shipped CRDs. */
export interface GatewayCrdValidators {
  get(key: string): ValidateFunction | undefined;
}

/**
 * The CRDs of the shipped file, by `apiVersion|kind`, for every served version. Each schema is
 * compiled on first use: compiling all of them costs more than the tests that use two or three.
 */
export function gatewayCrdValidators(): GatewayCrdValidators {
  const text = gunzipSync(fs.readFileSync(GATEWAY_CRDS_FILE)).toString('utf-8');
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schemas = new Map<string, Schema>();
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJSON() as { kind?: string; spec?: { group: string; names: { kind: string }; versions: Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Schema } }> } } | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    for (const version of crd.spec.versions.filter((v) => v.served)) schemas.set(`${crd.spec.group}/${version.name}|${crd.spec.names.kind}`, version.schema.openAPIV3Schema);
  }
  const compiled = new Map<string, ValidateFunction>();
  return {
    get(key: string): ValidateFunction | undefined {
      const openApi = schemas.get(key);
      if (openApi === undefined) return undefined;
      let validate = compiled.get(key);
      if (validate === undefined) {
        const schema = closed(openApi);
        // The API server validates metadata itself; the CRD schema only says `type: object`.
        const properties = { ...(schema.properties as Record<string, Schema>), metadata: { type: 'object' } };
        validate = ajv.compile({ ...schema, properties });
        compiled.set(key, validate);
      }
      return validate;
    },
  };
}

/** Problems of `object` against its CRD, as `path: message` lines; a kind without a CRD is one problem. */
export function gatewayCrdProblems(validators: GatewayCrdValidators, object: { apiVersion?: unknown; kind?: unknown }): string[] {
  const validate = validators.get(`${String(object.apiVersion)}|${String(object.kind)}`);
  if (!validate) return [`no CRD serves ${String(object.apiVersion)} ${String(object.kind)}`];
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
