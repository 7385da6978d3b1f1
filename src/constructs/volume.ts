import * as k8s from '../../imports/k8s';
import type { Component } from './component';
import { ConfigSource } from './config-source';
import { PropChecker } from '../validation/prop-checker';

/** How a claim's volume may be mounted (Kubernetes access modes). */
export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

/** Allowed values of {@link AccessMode}. */
export const ACCESS_MODES: readonly AccessMode[] = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** Options of {@link Volume.emptyDir}. */
export interface EmptyDirOptions {
  /** `Memory` keeps the files in RAM (tmpfs), counted against the container's memory limit. @default - the node's disk */
  readonly medium?: 'Memory';
  /** Most the directory may hold before the pod is evicted, e.g. `500Mi`. @default - no limit */
  readonly sizeLimit?: string;
}

/** Options of {@link Volume.claim}. */
export interface ClaimOptions {
  /** Capacity requested, e.g. `5Gi`. */
  readonly size: string;
  /** StorageClass that provisions it. @default - the cluster's default class */
  readonly storageClassName?: string;
  /** How pods may mount it. @default 'ReadWriteOnce' */
  readonly accessMode?: AccessMode;
}

/** Options of {@link Volume.fromConfigSource}. */
export interface FilesOptions {
  /** Only these keys become files (named after the key). @default - every key */
  readonly keys?: readonly string[];
}

type VolumeSource =
  | { readonly kind: 'emptyDir'; readonly options: EmptyDirOptions }
  | { readonly kind: 'files'; readonly source: ConfigSource; readonly keys?: readonly string[] }
  | { readonly kind: 'claim'; readonly options: ClaimOptions }
  | { readonly kind: 'existingClaim'; readonly claimName: string };

/**
 * A pod volume, mounted into containers with a {@link VolumeMount}: the one way every workload of
 * this library takes one, as cdk8s-plus' `Volume.fromEmptyDir(...)` does.
 *
 * @example
 * const scratch = Volume.emptyDir('scratch', { sizeLimit: '1Gi' });
 * const backups = Volume.claim('backups', { size: '5Gi' });
 * new StatelessApp(chart, 'Worker', {
 *   name: 'worker', image: 'shop/worker:1.0',
 *   mounts: [{ path: '/tmp', volume: scratch }, { path: '/backups', volume: backups }],
 * });
 */
export class Volume {
  /** An empty directory that lives as long as the pod: scratch space, or files shared between containers. */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    new PropChecker(`Volume ${name}`)
      .name('name', name)
      .oneOf('medium', options.medium, ['Memory'])
      .quantity('sizeLimit', options.sizeLimit)
      .done();
    return new Volume(name, { kind: 'emptyDir', options });
  }

  /**
   * The keys of a ConfigMap or Secret as files, one per key. The component mounting it records
   * that it reads the source, and gets a copy in its namespace when the source lives elsewhere.
   */
  public static fromConfigSource(source: ConfigSource, options: FilesOptions = {}): Volume {
    const checker = new PropChecker(`Volume ${source.name}`);
    for (const key of options.keys ?? []) {
      checker.require(source.has(key), `keys "${key}" is invalid; allowed: a key of ${source.kind} ${source.name} (${source.entryKeys.join(', ')})`);
    }
    checker.require(options.keys === undefined || options.keys.length > 0, 'keys [] is invalid; allowed: at least one key, or no keys for all of them');
    checker.done();
    return new Volume(source.name, { kind: 'files', source, keys: options.keys });
  }

  /**
   * A new PersistentVolumeClaim `<component>-<name>` that the component mounting it writes (in
   * `<component>.volume.yaml`): storage that outlives the pod.
   */
  public static claim(name: string, options: ClaimOptions): Volume {
    new PropChecker(`Volume ${name}`)
      .name('name', name)
      .quantity('size', options.size)
      .storageClassName('storageClassName', options.storageClassName)
      .oneOf('accessMode', options.accessMode, ACCESS_MODES)
      .done();
    return new Volume(name, { kind: 'claim', options });
  }

  /**
   * A PersistentVolumeClaim that exists already in the component's namespace (made by hand, or by
   * another chart), as the pod volume `name` (default: the claim's name).
   */
  public static existingClaim(claimName: string, name: string = claimName): Volume {
    new PropChecker(`Volume ${name}`).storageClassName('claimName', claimName).name('name', name).done();
    return new Volume(name, { kind: 'existingClaim', claimName });
  }

  private readonly claims = new Map<Component, k8s.KubePersistentVolumeClaim>();

  private constructor(
    /** Name of the volume in the pod spec. */
    public readonly name: string,
    private readonly source: VolumeSource,
  ) {}

  /**
   * The pod spec's volume for a pod of `owner`, writing the claim or recording the read it needs.
   * Used by the constructs that take mounts; not part of the package API.
   * @internal
   */
  public _render(owner: Component): k8s.Volume {
    const source = this.source;
    switch (source.kind) {
      case 'emptyDir':
        return {
          name: this.name,
          emptyDir: {
            medium: source.options.medium,
            sizeLimit: source.options.sizeLimit === undefined ? undefined : k8s.Quantity.fromString(source.options.sizeLimit),
          },
        };
      case 'files': {
        const seen = owner.readFrom(source.source);
        const items = source.keys?.map((key) => ({ key, path: key }));
        return seen.kind === 'ConfigMap'
          ? { name: this.name, configMap: { name: seen.name, items } }
          : { name: this.name, secret: { secretName: seen.name, items } };
      }
      case 'claim':
        return { name: this.name, persistentVolumeClaim: { claimName: this.claimOf(owner, source.options).name } };
      case 'existingClaim':
        return { name: this.name, persistentVolumeClaim: { claimName: source.claimName } };
    }
  }

  /**
   * The claim `owner` wrote for this volume, if it is a {@link Volume.claim} the owner mounts.
   * Used by the constructs that take mounts; not part of the package API.
   * @internal
   */
  public _claimWrittenBy(owner: Component): k8s.KubePersistentVolumeClaim | undefined {
    return this.claims.get(owner);
  }

  /** The claim `owner` writes for this volume (once, however many containers mount it). */
  private claimOf(owner: Component, options: ClaimOptions): k8s.KubePersistentVolumeClaim {
    const existing = this.claims.get(owner);
    if (existing) return existing;
    const claim = new k8s.KubePersistentVolumeClaim(owner, `Claim-${this.name}`, {
      metadata: { name: `${owner.componentName}-${this.name}`, namespace: owner.namespace, labels: { ...owner.selectorLabels } },
      spec: {
        accessModes: [options.accessMode ?? 'ReadWriteOnce'],
        storageClassName: options.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(options.size) } },
      },
    });
    this.claims.set(owner, claim);
    return claim;
  }
}

/** Where a container sees a {@link Volume}. */
export interface VolumeMount {
  /** Absolute path in the container. */
  readonly path: string;
  /** The volume mounted there. */
  readonly volume: Volume;
  /** Mount read-only. @default false (files of a ConfigMap or Secret are read-only whatever this says) */
  readonly readOnly?: boolean;
  /** Mount only this sub-directory of the volume. @default - the whole volume */
  readonly subPath?: string;
}
