/** Facts about PersistentVolumes that several tools ask (synth's notice, deploy, the checker). */
import { asString, dig, isObject } from './json';

/** Where a node-local volume keeps its data. */
export interface NodeLocalSource {
  readonly kind: 'hostPath' | 'local';
  /** The node directory, when written. */
  readonly path: string | undefined;
}

/**
 * The node-local source (hostPath or local) of a PersistentVolume that no `nodeAffinity` pins to
 * a node, or undefined: its data stays on whichever node first runs its pod.
 */
export function unpinnedNodeLocalSource(pv: unknown): NodeLocalSource | undefined {
  if (!isObject(pv) || pv.kind !== 'PersistentVolume') return undefined;
  const spec = isObject(pv.spec) ? pv.spec : {};
  const kind = spec.hostPath !== undefined ? 'hostPath' : spec.local !== undefined ? 'local' : undefined;
  if (kind === undefined || isObject(spec.nodeAffinity)) return undefined;
  return { kind, path: asString(dig(spec, kind, 'path')) };
}
