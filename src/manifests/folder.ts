/**
 * What applying a folder involves, for tools that order or wait on it (the deploy plan): its
 * workloads, its Namespaces and its cluster-scoped objects, each with the file declaring it.
 */
import { Inventory, ManifestObject } from './inventory';
import { ROLLOUT_KINDS, WORKLOAD_KINDS } from './kinds';

/** A workload of a folder. */
export interface FolderWorkload {
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace` as written; undefined when the manifest leaves it to the kubectl context. */
  readonly namespace: string | undefined;
  /** Namespace as the API server sees it (`default` when unset). */
  readonly effectiveNamespace: string;
  /** File (inside the folder) that declares it. */
  readonly file: string;
  /** True for kinds `kubectl rollout status` can wait for (Deployment, StatefulSet, DaemonSet). */
  readonly rollout: boolean;
}

/** An object named by kind, name and file. */
export interface FolderObject {
  readonly kind: string;
  readonly name: string;
  readonly file: string;
}

export interface FolderContents {
  /** Workloads in object order (file name order, then document order). */
  readonly workloads: readonly FolderWorkload[];
  /** Namespace objects the folder creates. */
  readonly namespaces: readonly FolderObject[];
  /** Every cluster-scoped object (Namespaces included). */
  readonly clusterScoped: readonly FolderObject[];
}

const named = (o: ManifestObject): FolderObject => ({ kind: o.kind, name: o.name, file: o.file });

export function folderContents(inventory: Inventory): FolderContents {
  const workloads = inventory.objects
    .filter((o) => o.namespace !== undefined && WORKLOAD_KINDS.includes(o.kind))
    .map((o): FolderWorkload => ({
      kind: o.kind,
      name: o.name,
      namespace: o.declaredNamespace || undefined,
      effectiveNamespace: o.namespace ?? 'default',
      file: o.file,
      rollout: ROLLOUT_KINDS.has(o.kind),
    }));
  return {
    workloads,
    namespaces: inventory.ofKind('Namespace').map(named),
    clusterScoped: inventory.objects.filter((o) => o.clusterScoped).map(named),
  };
}
