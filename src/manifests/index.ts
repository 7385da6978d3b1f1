/**
 * The one manifest model of the project: reading folders or in-memory YAML into documents,
 * identifying objects (kind, group, scope, effective namespace, file), their pod templates and
 * the references those pods make. The checker, the diagram and the tests read manifests
 * through it; the deploy plan can (see `folderContents`).
 */
export * from './types';
export { loadFolder, loadTexts, parseManifestText, UNREADABLE_PATH } from './load';
export type { LoadedManifests, ManifestText } from './load';
export { buildInventory, documentLabel, Inventory, payloadKeys } from './inventory';
export type { InventoryBuild, ManifestObject } from './inventory';
export {
  containerPorts,
  containersOf,
  environmentOf,
  podReferences,
  podTemplateOf,
  podTemplates,
} from './pods';
export type { ClaimReference, ContainerPort, ContainerRef, EnvSource, PayloadReference, PodReferences, PodTemplate } from './pods';
export {
  BUILTIN_CLUSTER_ROLES,
  BUILTIN_NAMESPACES,
  CLUSTER_SCOPED_KINDS,
  POD_TEMPLATE_PATHS,
  REPLICATED_KINDS,
  ROLLOUT_KINDS,
  splitApiVersion,
  WORKLOAD_KINDS,
} from './kinds';
export { folderContents } from './folder';
export type { FolderContents, FolderObject, FolderWorkload } from './folder';
export { describeMap, describeSelector, isEmptySelector, mapSelectorMatches, parseLabelSelector, selectorMatches } from './selectors';
export type { LabelSelector, Requirement } from './selectors';

import { buildInventory, Inventory } from './inventory';
import { loadFolder, loadTexts, ManifestText } from './load';
import { ManifestIssue } from './types';

/** A folder (or set of in-memory files) read and identified in one step. */
export interface ManifestSet {
  readonly files: readonly string[];
  readonly inventory: Inventory;
  readonly issues: readonly ManifestIssue[];
}

/** Reads and identifies every manifest of `dir` (see loadFolder). */
export function readManifestFolder(dir: string): ManifestSet {
  const loaded = loadFolder(dir);
  const built = buildInventory(loaded.documents);
  return { files: loaded.files, inventory: built.inventory, issues: [...loaded.issues, ...built.issues] };
}

/** Parses and identifies in-memory manifest files. */
export function readManifestTexts(texts: readonly ManifestText[]): ManifestSet {
  const loaded = loadTexts(texts);
  const built = buildInventory(loaded.documents);
  return { files: loaded.files, inventory: built.inventory, issues: [...loaded.issues, ...built.issues] };
}
export { unpinnedNodeLocalSource } from './volumes';
export type { NodeLocalSource } from './volumes';
