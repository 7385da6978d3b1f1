/**
 * Claims that pods mount must exist; a claim must be able to bind the PersistentVolume it
 * names, or, when the folder brings its own volumes, one of them. The binder's matching is
 * reproduced: storage class, access modes, volume mode, capacity, claimRef and selector.
 */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { asArray, asObject, asString, dig, isObject, path, stringMap } from '../../manifests/json';
import { objectProblem } from '../problems';
import { quantityValue } from '../quantity';
import { podReferences } from '../../manifests/pods';
import { parseLabelSelector, selectorMatches } from '../../manifests/selectors';
import { Problem } from '../types';

export function checkStorage(ctx: RuleContext): Problem[] {
  return [
    ...ctx.inventory.ofKind('PersistentVolume').flatMap(checkVolumeSource),
    ...checkClaimReferences(ctx),
    ...ctx.inventory.ofKind('PersistentVolumeClaim').flatMap((pvc) => checkBinding(pvc, ctx)),
  ];
}

/** Volume sources a PersistentVolume may have (PersistentVolumeSource), exactly one of them. */
export const PERSISTENT_VOLUME_SOURCES: readonly string[] = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'fc', 'flexVolume', 'flocker',
  'gcePersistentDisk', 'glusterfs', 'hostPath', 'iscsi', 'local', 'nfs', 'photonPersistentDisk', 'portworxVolume',
  'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

/** The API server refuses a PersistentVolume without a volume source, or with several. */
function checkVolumeSource(pv: ManifestObject): Problem[] {
  const spec = asObject(pv.body.spec);
  if (!spec) return [];
  const sources = PERSISTENT_VOLUME_SOURCES.filter((s) => spec[s] !== undefined);
  if (sources.length === 1) return [];
  const message = sources.length === 0
    ? `no volume source: the API server refuses a PersistentVolume without one (e.g. hostPath, local, nfs, csi)`
    : `several volume sources (${sources.join(', ')}): the API server accepts exactly one`;
  return [objectProblem(pv, 'error', 'storage.pv-source', 'spec', message)];
}

function checkClaimReferences(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) =>
    podReferences(t).claims.flatMap(({ claimName, field }) => {
      if (ctx.inventory.find('PersistentVolumeClaim', t.namespace, claimName)) return [];
      return [objectProblem(t.owner, 'error', 'ref.pvc', field, `PersistentVolumeClaim "${claimName}" not found in namespace ${t.namespace}${ctx.inventory.missingHint('PersistentVolumeClaim', t.namespace, claimName)}`)];
    }),
  );
}

function checkBinding(pvc: ManifestObject, ctx: RuleContext): Problem[] {
  const spec = asObject(pvc.body.spec);
  if (!spec) return [];
  const volumeName = asString(spec.volumeName);
  if (volumeName) {
    const pv = ctx.inventory.find('PersistentVolume', undefined, volumeName);
    if (!pv) {
      return [objectProblem(pvc, 'error', 'ref.pv-binding', 'spec.volumeName', `PersistentVolume "${volumeName}" not found${ctx.inventory.missingHint('PersistentVolume', undefined, volumeName)}`)];
    }
    const why = mismatches(pvc, pv);
    return why.length === 0 ? [] : [objectProblem(pvc, 'error', 'ref.pv-binding', 'spec.volumeName', `cannot bind PersistentVolume "${volumeName}": ${why.join('; ')}`)];
  }
  const volumes = ctx.inventory.ofKind('PersistentVolume');
  if (volumes.length === 0) return []; // dynamic provisioning: nothing to check offline
  const verdicts = volumes.map((pv) => ({ pv, why: mismatches(pvc, pv) }));
  const bindable = verdicts.filter((v) => v.why.length === 0);
  if (bindable.length > 0) {
    if (spec.storageClassName === undefined) {
      return [objectProblem(pvc, 'warning', 'ref.pv-binding', 'spec.storageClassName', `storageClassName is unset: on a cluster with a default StorageClass (k3s local-path, cloud disks) the claim gets that class and a new volume instead of binding PersistentVolume "${bindable[0].pv.name}"; set storageClassName: "" (or the volume's class)`)];
    }
    return [];
  }
  // Only volumes of the claim's own class were meant for it; a claim of another class (or of
  // the default class) is provisioned dynamically, which data.unbindable-class looks at.
  const claimClass = asString(spec.storageClassName) ?? '';
  const sameClass = verdicts.filter(({ pv }) => (asString(dig(pv.body, 'spec', 'storageClassName')) ?? '') === claimClass);
  if (sameClass.length === 0 || (spec.storageClassName === undefined && claimClass === '')) return [];
  const reasons = sameClass.map(({ pv, why }) => `${pv.name}: ${why.join(', ')}`).join('; ');
  return [objectProblem(pvc, 'warning', 'ref.pv-binding', 'spec', `no PersistentVolume in this folder can bind this claim (${reasons}); it will wait for dynamic provisioning`)];
}

/** Reasons the binder would refuse `pv` for `pvc`; empty when it can bind. */
export function mismatches(pvc: ManifestObject, pv: ManifestObject): string[] {
  const c = asObject(pvc.body.spec) ?? {};
  const v = asObject(pv.body.spec) ?? {};
  const why: string[] = [];
  const claimClass = asString(c.storageClassName) ?? '';
  const volumeClass = asString(v.storageClassName) ?? '';
  if (claimClass !== volumeClass) why.push(`storageClassName "${claimClass}" ≠ "${volumeClass}"`);
  const volumeModes = asArray(v.accessModes).filter((m): m is string => typeof m === 'string');
  const missingModes = asArray(c.accessModes).filter((m): m is string => typeof m === 'string' && !volumeModes.includes(m));
  if (missingModes.length > 0) why.push(`access mode ${missingModes.join(', ')} not offered (${volumeModes.join(', ') || 'none'})`);
  if ((asString(c.volumeMode) ?? 'Filesystem') !== (asString(v.volumeMode) ?? 'Filesystem')) why.push('volumeMode differs');
  const requested = quantityValue(dig(c, 'resources', 'requests', 'storage'));
  const capacity = quantityValue(dig(v, 'capacity', 'storage'));
  if (requested !== undefined && capacity !== undefined && capacity < requested) {
    why.push(`capacity ${String(dig(v, 'capacity', 'storage'))} < request ${String(dig(c, 'resources', 'requests', 'storage'))}`);
  }
  const claimRef = asObject(v.claimRef);
  if (claimRef) {
    const refName = asString(claimRef.name);
    const refNs = asString(claimRef.namespace) ?? 'default';
    if ((refName && refName !== pvc.name) || refNs !== pvc.namespace) why.push(`reserved by claimRef ${refNs}/${refName ?? '?'}`);
  }
  const selector = parseLabelSelector(c.selector);
  if (selector && !selectorMatches(selector, stringMap(dig(pv.body, 'metadata', 'labels')))) why.push('claim selector does not match the volume labels');
  return why;
}

/**
 * Volume mounts must name a volume of the pod; otherwise the API server rejects the pod.
 * A StatefulSet's volumeClaimTemplates become pod volumes of the same name.
 */
export function checkVolumeMounts(ctx: RuleContext): Problem[] {
  return ctx.templates.flatMap((t) => {
    const claimTemplates = t.owner.kind === 'StatefulSet' ? asArray(dig(t.owner.body, 'spec', 'volumeClaimTemplates')) : [];
    const volumes = new Set([
      ...asArray(t.spec.volumes).flatMap((v) => (isObject(v) && typeof v.name === 'string' ? [v.name] : [])),
      ...claimTemplates.flatMap((c) => { const name = asString(dig(c, 'metadata', 'name')); return name ? [name] : []; }),
    ]);
    const out: Problem[] = [];
    for (const list of ['containers', 'initContainers'] as const) {
      asArray(t.spec[list]).forEach((c, i) => {
        if (!isObject(c)) return;
        asArray(c.volumeMounts).forEach((m, j) => {
          const name = isObject(m) ? asString(m.name) : undefined;
          if (name && !volumes.has(name)) {
            out.push(objectProblem(t.owner, 'error', 'ref.volume-mount', path(t.specPath, list, i, 'volumeMounts', j, 'name'), `no volume named "${name}" in the pod (volumes: ${[...volumes].join(', ') || 'none'})`));
          }
        });
      });
    }
    return out;
  });
}
