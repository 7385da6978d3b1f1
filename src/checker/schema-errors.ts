/** Turns schema errors into one kubectl-like message per field. */
import { ManifestObject } from '../manifests/inventory';
import { isObject, path } from '../manifests/json';
import { objectProblem } from './problems';
import { SchemaError } from './schema-validate';
import { Problem } from './types';
import { closest } from '../validation/closest';

export function translateSchemaErrors(obj: ManifestObject, errors: readonly SchemaError[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of errors) {
    const [rule, field, message] = describe(e);
    const key = `${field}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(objectProblem(obj, 'error', rule, field, message));
  }
  return out;
}

/** `/spec/template/spec/containers/0/image` → `spec.template.spec.containers[0].image`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  const segments = pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return path('', ...segments);
}

function describe(e: SchemaError): [rule: string, field: string, message: string] {
  const at = pointerToPath(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String(e.params.additionalProperty);
      const known = isObject(e.parentSchema) && isObject(e.parentSchema.properties) ? Object.keys(e.parentSchema.properties) : [];
      // No field name is 64 characters long: a longer one gets no "did you mean" (edit distance is quadratic).
      const guess = prop.length <= 64 ? closest(prop, known) : undefined;
      const hint = guess ? ` (did you mean "${guess}"?)` : BELONGS_IN[prop] ? `: it belongs in ${BELONGS_IN[prop]}` : '';
      return ['schema.unknown-field', path(at, prop), `unknown field "${prop}"${hint}`];
    }
    case 'required': {
      const prop = String(e.params.missingProperty);
      return ['schema.required', path(at, prop), `missing required field "${prop}"`];
    }
    case 'type': {
      const expected = String(e.params.type).split(',').join(' or ');
      return ['schema.type', at, `must be ${expected}, got ${show(e.data)}${typeHint(expected, e.data)}`];
    }
    case 'format': {
      if (e.params.format === 'quantity') {
        return ['schema.quantity', at, `invalid quantity ${show(e.data)}: use a Kubernetes quantity such as 128M, 128Mi, 1Gi, 0.5 or 500m${quantityHint(e.data)}`];
      }
      return ['schema.format', at, `${show(e.data)} is not a valid ${String(e.params.format)}`];
    }
    case 'enum': {
      const allowed = Array.isArray(e.params.allowedValues) ? e.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ') : '';
      return ['schema.enum', at, `must be one of ${allowed}, got ${show(e.data)}`];
    }
    default:
      return ['schema.invalid', at, e.message ?? `fails the ${e.keyword} constraint`];
  }
}

const POD_SPEC = 'the pod spec (spec.template.spec for workloads)';
const CONTAINER = 'a container (…spec.containers[])';
const WORKLOAD_SPEC = 'the workload spec (spec)';
/** Fields that hand-ins put one level off; named when the field is not a mere typo. */
const BELONGS_IN: Readonly<Record<string, string>> = {
  restartPolicy: POD_SPEC, nodeSelector: POD_SPEC, affinity: POD_SPEC, tolerations: POD_SPEC, volumes: POD_SPEC,
  serviceAccountName: POD_SPEC, imagePullSecrets: POD_SPEC, hostNetwork: POD_SPEC, enableServiceLinks: POD_SPEC,
  image: CONTAINER, env: CONTAINER, envFrom: CONTAINER, ports: CONTAINER, resources: CONTAINER, volumeMounts: CONTAINER,
  command: CONTAINER, args: CONTAINER, livenessProbe: CONTAINER, readinessProbe: CONTAINER, imagePullPolicy: CONTAINER,
  replicas: WORKLOAD_SPEC, strategy: WORKLOAD_SPEC, template: WORKLOAD_SPEC,
  labels: 'metadata', annotations: 'metadata', namespace: 'metadata', name: 'metadata',
};

function show(v: unknown): string {
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  if (v === null) return 'null';
  return Array.isArray(v) ? 'a list' : 'a mapping';
}

function typeHint(expected: string, data: unknown): string {
  if (expected === 'string' && typeof data === 'boolean') {
    return ' (YAML reads yes/no/on/off/true/false as booleans: quote the value)';
  }
  if (expected === 'string' && typeof data === 'number') return ` (quote it: "${data}")`;
  if ((expected === 'integer' || expected === 'number') && typeof data === 'string' && /^\d+$/.test(data)) {
    return ' (remove the quotes)';
  }
  return '';
}

function quantityHint(data: unknown): string {
  if (typeof data !== 'string') return '';
  const m = /^(\d+(?:\.\d+)?)\s*([KMGTPE])i?B$/i.exec(data);
  if (m) return ` ("B" is not a unit: write ${m[1]}${m[2].toUpperCase() === 'K' ? 'k' : m[2].toUpperCase()} or ${m[1]}${m[2].toUpperCase()}i)`;
  if (/\s/.test(data)) return ' (no spaces)';
  return '';
}
