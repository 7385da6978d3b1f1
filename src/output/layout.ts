import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Component } from '../constructs/component';
import { objectJson, withObjectJsonOnce } from '../constructs/object-json';
import { manifestFileName } from './file-names';
import { ValidationError } from '../validation/prop-checker';

/** A Kubernetes object as plain JSON. */
export type ManifestDocument = Record<string, unknown>;

/** One output file and the objects it holds, in construct order. */
export interface ManifestFile {
  /** `<component>.<kind>.yaml`. */
  readonly fileName: string;
  /** The objects of the file, in construct order. */
  readonly documents: readonly ManifestDocument[];
}

/** The component owning `apiObject` and the file it is written to, or undefined outside every component. */
export function fileOf(apiObject: ApiObject): { readonly component: string; readonly fileName: string } | undefined {
  const owner = Component.owning(apiObject);
  return owner && { component: owner.componentName, fileName: manifestFileName(owner.componentName, apiObject.kind) };
}

/**
 * Runs every validation registered under `scope` (`node.addValidation`, as `app.synth()` does)
 * and throws one error listing them all, in cdk8s's own format
 * (`Validation failed with the following errors:` then `[path] message` per line).
 */
export function validateConstructs(scope: IConstruct): void {
  const errors = scope.node.findAll().flatMap((construct) => construct.node.validate().map((message) => `[${construct.node.path}] ${message}`));
  if (errors.length > 0) throw new ValidationError([`Validation failed with the following errors:\n  ${errors.join('\n  ')}`]);
}

/**
 * Groups every API object under `scope` (a chart, an app holding several charts, or any
 * construct) into files named after the component that owns it and its kind, after running
 * the cdk8s validations. Files are sorted by name so the result never depends on construct
 * order; inside a file, objects keep construct order (charts in the order they were added).
 *
 * Throws when a validation fails, when an object is outside every component (it would have
 * no file), or when two objects share kind, namespace and name (one would overwrite the other
 * on `kubectl apply`).
 */
export function layoutChart(scope: IConstruct): ManifestFile[] {
  return withObjectJsonOnce(() => layoutValidated(scope));
}

function layoutValidated(scope: IConstruct): ManifestFile[] {
  validateConstructs(scope);
  const apiObjects = scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
  assertEveryObjectOwned(apiObjects);
  assertUniqueIdentities(apiObjects);
  const files = new Map<string, ManifestDocument[]>();
  for (const apiObject of apiObjects) {
    const { fileName } = fileOf(apiObject)!;
    const documents = files.get(fileName) ?? [];
    documents.push(objectJson(apiObject));
    files.set(fileName, documents);
  }
  return [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([fileName, documents]) => ({ fileName, documents }));
}

/** Every object needs a component: its name is the object's file stem. */
function assertEveryObjectOwned(apiObjects: readonly ApiObject[]): void {
  const orphans = apiObjects.filter((o) => Component.owning(o) === undefined);
  if (orphans.length === 0) return;
  const list = orphans.map((o) => `${o.kind} "${o.name}" (construct path ${o.node.path})`).join(', ');
  throw new ValidationError([
    `${list} ${orphans.length === 1 ? 'is' : 'are'} not inside a component, so no <component>.<kind>.yaml file can hold ${orphans.length === 1 ? 'it' : 'them'}; ` +
      'create each object with a component as its scope (e.g. new k8s.KubeCronJob(postgres, \'Backup\', {...})), ' +
      'or inside a class of your own that extends Component',
  ]);
}

/** Two objects with the same identity would replace each other in the cluster. */
function assertUniqueIdentities(apiObjects: readonly ApiObject[]): void {
  const pathsByIdentity = new Map<string, string[]>();
  for (const o of apiObjects) {
    const kind = o.apiGroup === 'core' ? o.kind : `${o.kind}.${o.apiGroup}`;
    const identity = `${kind} ${o.metadata.namespace ?? '(cluster)'}/${o.name}`;
    pathsByIdentity.set(identity, [...(pathsByIdentity.get(identity) ?? []), o.node.path]);
  }
  const duplicates = [...pathsByIdentity.entries()].filter(([, paths]) => paths.length > 1);
  if (duplicates.length === 0) return;
  const list = duplicates.map(([identity, paths]) => `${identity} (construct paths ${paths.join(', ')})`).join('; ');
  throw new ValidationError([`objects defined twice: ${list}; give each object its own name (or namespace)`]);
}
