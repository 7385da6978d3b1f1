/**
 * Rule family 1: is the apiVersion/kind served by the chosen Kubernetes version, and does the
 * object match its schema (unknown fields, types, required fields, quantities, names)?
 */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { isObject, path } from '../../manifests/json';
import { objectProblem } from '../problems';
import { translateSchemaErrors } from '../schema-errors';
import { schemaStore, SchemaStore } from '../schema-store';
import { CustomResourceSchemas } from '../custom-resources';
import { REPLACEMENT_SCHEMA } from '../legacy-definitions';
import { splitApiVersion } from '../../manifests/kinds';
import { traefikV1Workloads } from './traefik';
import { isAlpha, servedState } from '../served-apis';
import { Problem } from '../types';

export function checkSchema(ctx: RuleContext): Problem[] {
  const store = schemaStore(ctx.version.schema);
  const crds = new CustomResourceSchemas(ctx.inventory);
  const traefikV1 = traefikV1Workloads(ctx).map((w) => w.ref);
  return ctx.inventory.objects.flatMap((obj) => {
    const tool = TOOL_CONFIGS[obj.group];
    return tool ? [toolConfig(obj, tool)] : [...checkServedAndSchema(obj, ctx, store, crds, traefikV1), ...checkMetadata(obj)];
  });
}

/**
 * Configuration files of tools that sit next to manifests but are no Kubernetes objects; the
 * API server has no such API, so `kubectl apply -f DIR` refuses them.
 */
const TOOL_CONFIGS: Readonly<Record<string, string>> = {
  'kustomize.config.k8s.io': 'apply the folder with `kubectl apply -k` and check what `kubectl kustomize` renders',
  'kind.x-k8s.io': 'it configures `kind create cluster --config`: keep it outside the manifest folder',
  'k3d.io': 'it configures `k3d cluster create --config`: keep it outside the manifest folder',
  'skaffold.dev': 'it configures skaffold: keep it outside the manifest folder',
};

/** One finding for a tool's configuration file, not a cascade of missing-name and unknown-API findings. */
function toolConfig(obj: ManifestObject, advice: string): Problem {
  const rule = obj.group === 'kustomize.config.k8s.io' ? 'yaml.kustomization' : 'yaml.tool-config';
  return objectProblem(obj, 'warning', rule, '-', `${obj.file} is a ${obj.group} ${obj.kind}, not a Kubernetes object: \`kubectl apply -f\` refuses it (no such API); ${advice}`);
}

function checkServedAndSchema(obj: ManifestObject, ctx: RuleContext, store: SchemaStore, crds: CustomResourceSchemas, traefikV1: readonly string[]): Problem[] {
  const k8s = `Kubernetes ${ctx.version.label}`;
  const served = servedState(obj.apiVersion, obj.kind, ctx.version.minor, store.has(obj.apiVersion, obj.kind));
  const out: Problem[] = [];
  switch (served.state) {
    case 'removed': {
      const use = obj.kind === 'Ingress' && traefikV1.length > 0
        ? `. Moving it to networking.k8s.io/v1 alone is not enough: Traefik 1.x (${traefikV1.join(', ')}) reads only this apiVersion and would route nothing; upgrade Traefik to v2.5+ (v3 today) together with the Ingresses, or target Kubernetes <= 1.21`
        : served.replacement ? `; use ${served.replacement}` : '';
      out.push(objectProblem(obj, 'error', 'api.removed', 'apiVersion', `${obj.apiVersion} ${obj.kind} is not served by ${k8s} (removed in 1.${served.removedIn})${use}`));
      // Also check its fields as the last version that served it would have, so that moving
      // to the replacement API is not the first time its other mistakes show up.
      out.push(...checkAgainstLastServed(obj, store, served.removedIn));
      return out;
    }
    case 'not-yet':
      out.push(objectProblem(obj, 'error', 'api.not-served', 'apiVersion', `${obj.apiVersion} ${obj.kind} is not served by ${k8s} (first served in 1.${served.introducedIn})`));
      return out;
    case 'unknown': {
      const elsewhere = store.apiVersionsOf(obj.kind).filter((v) => v !== obj.apiVersion);
      const hint = elsewhere.length > 0 ? `; ${obj.kind} is served as ${elsewhere.join(', ')}` : '';
      out.push(objectProblem(obj, 'error', 'api.unknown', 'kind', `${k8s} serves no ${obj.kind} in ${obj.apiVersion}${hint}`));
      return out;
    }
    case 'custom':
      return checkCustomResource(obj, crds);
    default:
      break;
  }
  if (isAlpha(obj.apiVersion)) {
    out.push(objectProblem(obj, 'warning', 'api.alpha', 'apiVersion', `${obj.apiVersion} is an alpha API, disabled unless the cluster enables its feature gate`));
  }
  const definition = store.definitionFor(obj.apiVersion, obj.kind);
  if (!definition) {
    out.push(objectProblem(obj, 'info', 'schema.not-validated', '-', `${obj.apiVersion} ${obj.kind} is served by ${k8s} but no shipped schema describes it (schema ${store.version}): fields not checked`));
    return out;
  }
  out.push(...translateSchemaErrors(obj, store.validator(definition)(obj.body)));
  return out;
}

function checkAgainstLastServed(obj: ManifestObject, store: SchemaStore, removedIn: number | undefined): Problem[] {
  const definition = store.definitionFor(obj.apiVersion, obj.kind);
  if (!definition) return checkAgainstReplacement(obj, store);
  const errors = store.validator(definition)(obj.body);
  if (errors.length === 0) return [];
  const lastServed = removedIn === undefined ? 'its last version' : `Kubernetes 1.${removedIn - 1}`;
  return translateSchemaErrors(obj, errors).map((p) => ({ ...p, message: `${p.message} (checked as ${obj.apiVersion} on ${lastServed}, the last version that served it)` }));
}

/**
 * Removed apiVersions whose successor differs in shape (apps/v1 requires `selector`, which
 * extensions/v1beta1 defaulted) are checked against the successor: what the suggested fix
 * will meet, so that it is the last round and not the first of several.
 */
function checkAgainstReplacement(obj: ManifestObject, store: SchemaStore): Problem[] {
  const successor = REPLACEMENT_SCHEMA[`${obj.apiVersion}|${obj.kind}`];
  const definition = successor ? store.definitionFor(...(successor.split('|') as [string, string])) : undefined;
  if (!successor || !definition) return [];
  const apiVersion = successor.split('|')[0];
  return translateSchemaErrors(obj, store.validator(definition)(obj.body)).map((p) => ({ ...p, message: `${p.message} (checked as ${apiVersion}, its replacement: fix this too when you change the apiVersion)` }));
}

/** A custom resource: validated against the CRD of the folder or the shipped Gateway API CRDs. */
function checkCustomResource(obj: ManifestObject, crds: CustomResourceSchemas): Problem[] {
  const { version } = splitApiVersion(obj.apiVersion);
  const crd = crds.definition(obj.group, obj.kind);
  if (!crd) {
    return [objectProblem(obj, 'warning', 'api.custom-resource', 'apiVersion', `no CustomResourceDefinition for ${obj.apiVersion} ${obj.kind} in this folder: the cluster must already have one; fields not checked`)];
  }
  if (!crd.versions.has(version)) {
    return [objectProblem(obj, 'error', 'api.not-served', 'apiVersion', `the CustomResourceDefinition of ${obj.kind} (${crd.source}) serves ${[...crd.versions.keys()].map((v) => `${obj.group}/${v}`).join(', ') || 'no version'}, not ${obj.apiVersion}`)];
  }
  const schema = crd.versions.get(version);
  if (!schema) return [objectProblem(obj, 'info', 'schema.not-validated', '-', `the CustomResourceDefinition of ${obj.kind} (${crd.source}) gives no schema: fields not checked`)];
  return translateSchemaErrors(obj, crds.validator(schema)(obj.body));
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** RBAC objects only need a valid path segment (`system:controller:foo` is fine). */
const PATH_SEGMENT_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** The API server's name validation, which the JSON schema does not express. */
function checkMetadata(obj: ManifestObject): Problem[] {
  const out: Problem[] = [];
  const meta = obj.body.metadata;
  if (!obj.name) {
    if (!isObject(meta) || typeof meta.generateName !== 'string') {
      out.push(objectProblem(obj, 'error', 'schema.required', 'metadata.name', 'missing required field "name"'));
    }
  } else {
    const why = invalidName(obj.kind, obj.name);
    if (why) out.push(objectProblem(obj, 'error', 'metadata.name', 'metadata.name', `invalid name "${obj.name}": ${why}`));
  }
  if (obj.declaredNamespace !== undefined && !(obj.declaredNamespace.length <= 63 && DNS1123_LABEL.test(obj.declaredNamespace))) {
    out.push(objectProblem(obj, 'error', 'metadata.name', 'metadata.namespace', `invalid namespace "${obj.declaredNamespace}": must be a lower-case DNS label (a-z, 0-9, '-', at most 63 characters)`));
  }
  const labels = isObject(meta) ? meta.labels : undefined;
  if (isObject(labels)) {
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v === 'string' && !(v.length <= 63 && LABEL_VALUE.test(v))) {
        out.push(objectProblem(obj, 'error', 'metadata.labels', path('metadata.labels', k), `invalid label value "${v}": at most 63 characters, alphanumerics with '-', '_' or '.' inside`));
      }
    }
  }
  return out;
}

function invalidName(kind: string, name: string): string | undefined {
  if (PATH_SEGMENT_KINDS.has(kind)) {
    return name === '.' || name === '..' || /[/%]/.test(name) ? 'may not be "." or ".." or contain "/" or "%"' : undefined;
  }
  if (kind === 'Service') {
    return name.length <= 63 && DNS1035_LABEL.test(name) ? undefined : "a Service name must be a DNS-1035 label (lower-case a-z, 0-9, '-', starting with a letter, at most 63 characters)";
  }
  if (kind === 'Namespace') {
    return name.length <= 63 && DNS1123_LABEL.test(name) ? undefined : "must be a DNS-1123 label (lower-case a-z, 0-9, '-', at most 63 characters)";
  }
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? undefined : "must be a DNS-1123 subdomain (lower-case a-z, 0-9, '-' and '.', at most 253 characters)";
}
