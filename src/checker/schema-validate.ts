/**
 * A small JSON-schema interpreter for the keywords that Kubernetes OpenAPI definitions and
 * CustomResourceDefinition `openAPIV3Schema`s use. It replaces compiling validators with ajv:
 * compiling a Deployment's definitions cost ~200 ms per process, walking the schema costs
 * well under a millisecond per object, so `check` needs no compile step and no cache.
 *
 * Errors have ajv's shape (keyword, instancePath, params, parentSchema, data) so one
 * translator (schema-errors.ts) turns both into kubectl-like messages. Like ajv with
 * `allErrors`, every failing field is reported, and a value of the wrong type is not
 * looked into.
 */
import { isObject } from '../manifests/json';
import { JsonObject, JsonValue } from './types';

/** One validation failure, in ajv's ErrorObject shape. */
export interface SchemaError {
  readonly keyword: string;
  /** JSON pointer of the failing value (`/spec/replicas`). */
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly parentSchema?: JsonObject;
  readonly data?: unknown;
  readonly message?: string;
}

/** A named format check; `type` limits it to values of that JSON type, as ajv formats do. */
export interface FormatCheck {
  readonly type: 'string' | 'number';
  readonly test: (value: never) => boolean;
}

export interface SchemaValidatorOptions {
  /** `#/definitions/NAME` targets of `$ref`. */
  readonly definitions: Readonly<Record<string, JsonObject>>;
  /** Formats checked; unknown formats pass (as with ajv's `strict: false`). */
  readonly formats: Readonly<Record<string, FormatCheck>>;
  /**
   * Objects with `properties` and no `additionalProperties` refuse unknown fields (the API
   * server's strict field validation); `x-kubernetes-preserve-unknown-fields` lifts it.
   */
  readonly closeObjects: boolean;
}

const DEFINITION_REF = '#/definitions/';

export type Validate = (value: JsonValue) => SchemaError[];

/** A validator of `schema`, resolving `$ref`s against `options.definitions` when used. */
export function schemaValidator(schema: JsonObject, options: SchemaValidatorOptions): Validate {
  return (value) => {
    const errors: SchemaError[] = [];
    walk(schema, value, '', options, errors);
    return errors;
  };
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function jsonType(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function typeMatches(expected: string, v: JsonValue): boolean {
  switch (expected) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'object':
      return isObject(v);
    default:
      return jsonType(v) === expected;
  }
}

function withDefaults(value: JsonObject, props: JsonObject): JsonObject {
  let out = value;
  for (const [key, prop] of Object.entries(props)) {
    if (isObject(prop) && prop.default !== undefined && !(key in value)) {
      if (out === value) out = { ...value };
      out[key] = prop.default;
    }
  }
  return out;
}

function walk(schema: JsonObject, input: JsonValue, at: string, options: SchemaValidatorOptions, errors: SchemaError[]): void {
  let value = input;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = ref.startsWith(DEFINITION_REF) ? options.definitions[ref.slice(DEFINITION_REF.length)] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${ref}`);
    walk(target, value, at, options, errors);
    return;
  }
  const fail = (keyword: string, params: Record<string, unknown>, message: string, where = at): void => {
    errors.push({ keyword, instancePath: where, params, parentSchema: schema, data: value, message });
  };
  if (value === null && schema.nullable === true) return;

  if (schema['x-kubernetes-int-or-string'] === true) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      fail('type', { type: 'string,integer' }, 'must be string or integer');
      return;
    }
  } else if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type.map(String) : [String(schema.type)];
    if (!types.some((t) => typeMatches(t, value))) {
      fail('type', { type: types.join(',') }, `must be ${types.join(',')}`);
      return;
    }
  }

  // The API server fills in CRD defaults before it validates (structural schema defaulting).
  if (isObject(value) && isObject(schema.properties)) value = withDefaults(value, schema.properties);

  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => sameValue(allowed, value))) {
    fail('enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values');
  }
  if (typeof schema.format === 'string') {
    const format = options.formats[schema.format];
    if (format && typeof value === format.type && !format.test(value as never)) {
      fail('format', { format: schema.format }, `must match format "${schema.format}"`);
    }
  }
  if (typeof value === 'string') checkString(schema, value, fail);
  if (typeof value === 'number') checkNumber(schema, value, fail);

  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      fail('maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
    }
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      fail('minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
    }
    if (isObject(schema.items)) {
      const items = schema.items;
      value.forEach((item, i) => walk(items, item, `${at}/${i}`, options, errors));
    }
  } else if (isObject(value)) {
    checkObject(schema, value, at, options, errors, fail);
  }

  // Branches of allOf/anyOf/oneOf/not only constrain values (a structural schema declares its
  // fields outside them), so they never refuse a field as unknown.
  const branch = options.closeObjects ? { ...options, closeObjects: false } : options;
  for (const sub of asSchemas(schema.allOf)) walk(sub, value, at, branch, errors);
  const anyOf = asSchemas(schema.anyOf);
  if (anyOf.length > 0 && !anyOf.some((sub) => passes(sub, value, at, branch))) {
    fail('anyOf', {}, 'must match a schema in anyOf');
  }
  const oneOf = asSchemas(schema.oneOf);
  if (oneOf.length > 0) {
    const passing = oneOf.filter((sub) => passes(sub, value, at, branch)).length;
    if (passing !== 1) fail('oneOf', { passingSchemas: passing }, 'must match exactly one schema in oneOf');
  }
  if (isObject(schema.not) && passes(schema.not, value, at, branch)) fail('not', {}, 'must NOT be valid');
}

type Fail = (keyword: string, params: Record<string, unknown>, message: string, where?: string) => void;

function checkString(schema: JsonObject, value: string, fail: Fail): void {
  // Kubernetes counts characters (runes), as JSON schema does; UTF-16 surrogate pairs count once.
  const length = typeof schema.maxLength === 'number' || typeof schema.minLength === 'number' ? [...value].length : 0;
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    fail('maxLength', { limit: schema.maxLength }, `must NOT have more than ${schema.maxLength} characters`);
  }
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    fail('minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`);
  }
  const tooLong = typeof schema.maxLength === 'number' && length > schema.maxLength;
  if (typeof schema.pattern === 'string' && !tooLong && value.length <= MAX_PATTERN_INPUT && !compiledPattern(schema.pattern).test(value)) {
    fail('pattern', { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
  }
}

function checkNumber(schema: JsonObject, value: number, fail: Fail): void {
  if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum', { limit: schema.maximum }, `must be <= ${schema.maximum}`);
  if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum', { limit: schema.minimum }, `must be >= ${schema.minimum}`);
}

function checkObject(schema: JsonObject, value: JsonObject, at: string, options: SchemaValidatorOptions, errors: SchemaError[], fail: Fail): void {
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) {
      if (typeof name === 'string' && !(name in value)) fail('required', { missingProperty: name }, `must have required property '${name}'`);
    }
  }
  if (typeof schema.maxProperties === 'number' && Object.keys(value).length > schema.maxProperties) {
    fail('maxProperties', { limit: schema.maxProperties }, `must NOT have more than ${schema.maxProperties} properties`);
  }
  const props = isObject(schema.properties) ? schema.properties : undefined;
  const extra = schema.additionalProperties;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  // ajv's order, which reports read in: unknown fields first, then known ones in schema order.
  for (const [key, child] of Object.entries(value)) {
    if (props && isObject(props[key])) continue;
    if (isObject(extra)) walk(extra, child, `${at}/${escape(key)}`, options, errors);
    else if (extra === false || (extra === undefined && props && options.closeObjects && !preserve)) {
      fail('additionalProperties', { additionalProperty: key }, 'must NOT have additional properties');
    }
  }
  if (!props) return;
  for (const [key, propSchema] of Object.entries(props)) {
    if (isObject(propSchema) && key in value) walk(propSchema, value[key], `${at}/${escape(key)}`, options, errors);
  }
}

function asSchemas(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function passes(schema: JsonObject, value: JsonValue, at: string, options: SchemaValidatorOptions): boolean {
  const errors: SchemaError[] = [];
  walk(schema, value, at, options, errors);
  return errors.length === 0;
}

function sameValue(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

const patterns = new Map<string, RegExp>();

/** Longer strings are not matched against a pattern (see compiledPattern). */
const MAX_PATTERN_INPUT = 4096;

/**
 * Patterns come from shipped CRDs (Gateway API) written for RE2, which runs in linear time;
 * JavaScript's engine backtracks, so values over MAX_PATTERN_INPUT characters, or already
 * refused by maxLength, are not matched against them.
 */
function compiledPattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = /(?:)/; // a pattern JavaScript cannot express is not checked
    }
    patterns.set(source, re);
  }
  return re;
}
