import { readManifestTexts, ROLLOUT_KINDS } from '../../src/manifests';
import { synthesize, SynthRequest } from '../../src/synth';

/** A parsed Kubernetes object with the fields the tests look at. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // The rest of an object is whatever its kind says; tests navigate it with `at`.
  [field: string]: unknown;
}

/** An object and the file it came from. */
export interface FiledObject {
  readonly file: string;
  readonly object: K8sObject;
}

/** Parses every document of every rendered file through the manifest model, as kubectl would read them. */
export function parseRendered(rendered: ReadonlyMap<string, string>): FiledObject[] {
  const set = readManifestTexts([...rendered].map(([file, text]) => ({ file, text })));
  if (set.issues.length > 0) throw new Error(set.issues.map((i) => `${i.file}: ${i.message}`).join('\n'));
  return set.inventory.objects.map((o) => ({ file: o.file, object: o.body as unknown as K8sObject }));
}

/** Synthesizes in memory (development credentials unless `env` says otherwise) and parses the result. */
export function synthObjects(request: SynthRequest = {}): FiledObject[] {
  return parseRendered(synthesize({ env: {}, ...request }).rendered);
}

/** Reads a nested field by path, e.g. at(o, 'spec', 'template', 'spec'). */
export function at<T = unknown>(value: unknown, ...path: (string | number)[]): T {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined as T;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current as T;
}

/** The one object of `kind` named `name`, or a failing assertion. */
export function find(objects: readonly FiledObject[], kind: string, name: string): K8sObject {
  const matches = objects.filter((o) => o.object.kind === kind && o.object.metadata.name === name);
  if (matches.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${matches.length}`);
  return matches[0].object;
}

/** Workload kinds whose rollouts a deploy waits for (the manifest model's list). */
export const WORKLOAD_KINDS: readonly string[] = [...ROLLOUT_KINDS];

/** Pod template of a workload. */
export function podSpec(workload: K8sObject): Record<string, unknown> {
  return at(workload, 'spec', 'template', 'spec');
}

/** Namespace as the API server sees it. */
export function namespaceOf(o: K8sObject): string {
  return o.metadata.namespace ?? 'default';
}

/** True when every label of `selector` is on `labels`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export interface ContainerShape {
  name: string;
  image: string;
  ports?: { containerPort: number; name?: string }[];
  env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } } }[];
  resources?: { limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  args?: string[];
}

/** Containers of a workload's pod template. */
export function containers(workload: K8sObject): ContainerShape[] {
  return at(podSpec(workload), 'containers') ?? [];
}
