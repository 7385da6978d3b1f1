import { ApiObject, Chart } from 'cdk8s';
import { Component } from '../constructs/component';
import { manifestFileName } from './file-names';

/** A Kubernetes object as plain JSON. */
export type ManifestDocument = Record<string, unknown>;

/** One output file and the objects it holds, in construct order. */
export interface ManifestFile {
  readonly fileName: string;
  readonly documents: readonly ManifestDocument[];
}

/**
 * Groups every API object of `chart` into files named after the component that owns it and
 * its kind. Files are sorted by name so the result never depends on construct order.
 */
export function layoutChart(chart: Chart): ManifestFile[] {
  const files = new Map<string, ManifestDocument[]>();
  for (const construct of chart.node.findAll()) {
    if (!ApiObject.isApiObject(construct)) continue;
    const owner = Component.owning(construct);
    if (!owner) {
      throw new Error(`${construct.kind} ${construct.name} (${construct.node.path}) is not inside a component, so it has no file`);
    }
    const fileName = manifestFileName(owner.componentName, construct.kind);
    const documents = files.get(fileName) ?? [];
    documents.push(construct.toJson() as ManifestDocument);
    files.set(fileName, documents);
  }
  return [...files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([fileName, documents]) => ({ fileName, documents }));
}
