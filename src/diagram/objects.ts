import { buildInventory, ManifestObject } from '../manifests';
import { ManifestFile } from '../output/layout';

/** A synthesized object, the component that owns it (its file stem) and its effective namespace. */
export interface OwnedObject {
  readonly component: string;
  readonly kind: string;
  readonly name: string;
  /** Namespace as the API server sees it (`default` when omitted); undefined for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  readonly doc: Readonly<Record<string, unknown>>;
  /** The object as the manifest model identifies it. */
  readonly object: ManifestObject;
}

/** The component of a file: its name up to the first dot (`poll.deployment.yaml` → `poll`). */
export function fileComponent(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.indexOf('.');
  return dot < 0 ? base : base.slice(0, dot);
}

/** Every object of every file, with its owner component. */
export function ownedObjects(files: readonly ManifestFile[]): OwnedObject[] {
  const documents = files.flatMap((file) => file.documents.map((content, index) => ({ file: file.fileName, index, content })));
  return buildInventory(documents).inventory.objects.map((object) => ({
    component: fileComponent(object.file),
    kind: object.kind,
    name: object.name,
    namespace: object.namespace,
    doc: object.body,
    object,
  }));
}

/** `value` when it is a plain object, else an empty one. */
export function rec(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `value` when it is an array, else an empty one. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` when it is a non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `value` when it is a finite number. */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads a nested field, e.g. `field(doc, 'spec', 'template', 'spec')`. */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = rec(current)[key];
  return current;
}

/** Code-unit order, independent of the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
