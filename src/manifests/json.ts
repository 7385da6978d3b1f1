/** Narrowing helpers over parsed YAML, and kubectl-style field paths. */
import { JsonObject, JsonValue } from './types';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asObject(v: JsonValue | undefined): JsonObject | undefined {
  return isObject(v) ? v : undefined;
}

/** Missing or malformed lists read as empty: the schema rule reports the malformation once. */
export function asArray(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNumber(v: JsonValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** Walks `keys` through nested objects; undefined as soon as one step is not an object. */
export function dig(v: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = v;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** String-valued entries of a map (labels, selectors); other values are a schema problem. */
export function stringMap(v: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends one segment in kubectl notation: `a.b`, `a[0]`, `labels["app.kubernetes.io/name"]`. */
export function path(base: string, ...segments: (string | number)[]): string {
  let out = base;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENTIFIER.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * Copies test- or YAML-provided data into plain JSON. Nulls in mappings are dropped because
 * the API server treats `field: null` as unset (kubectl's own `creationTimestamp: null`
 * would otherwise fail the schema); Dates (YAML timestamps) become their ISO text.
 */
export function toJson(v: unknown): JsonValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: JsonObject = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (val === null || val === undefined) continue;
      out[k] = toJson(val);
    }
    return out;
  }
  return String(v);
}

/**
 * `path` without its trailing slashes (`/var/run/` → `/var/run`; `/` stays `/`). A loop, not
 * `/\/+$/`, which backtracks quadratically on a long run of slashes before another character.
 */
export function trimTrailingSlashes(p: string): string {
  let end = p.length;
  while (end > 1 && p.charCodeAt(end - 1) === 47) end--;
  return p.slice(0, end);
}
