/**
 * Data that can silently go missing (issue: "no silent data loss"):
 * - a hostPath or `local` PersistentVolume without `nodeAffinity` holds its data on whichever
 *   node the pod first ran; in a folder built for several nodes, a rescheduled pod starts on
 *   another node with an empty directory there (`data.unpinned-host-volume`);
 * - a claim of a storage class that nothing in the folder serves and that no common
 *   provisioner is known by stays Pending (`data.unbindable-class`);
 * - a single-replica Deployment that mounts a ReadWriteOnce claim and rolls updates starts
 *   the new pod while the old one holds the volume: a Multi-Attach deadlock, or two database
 *   processes on one data directory (`data.rolling-database`).
 */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { asArray, asNumber, asString, dig, isObject } from '../../manifests/json';
import { REPLICATED_KINDS } from '../../manifests/kinds';
import { containersOf, PodTemplate, podReferences } from '../../manifests/pods';
import { unpinnedNodeLocalSource } from '../../manifests/volumes';
import { objectProblem } from '../problems';
import { Problem } from '../types';
import { mismatches } from './storage';

/**
 * Storage classes that common clusters create with a provisioner: k3s and kind/minikube
 * (`local-path`, `standard`), Docker Desktop (`hostpath`), MicroK8s, GKE, EKS, AKS,
 * Longhorn, OpenEBS. A claim of one of these is assumed provisioned.
 */
export const COMMON_PROVISIONED_CLASSES: readonly string[] = [
  'local-path', 'standard', 'hostpath', 'microk8s-hostpath', 'standard-rwo', 'premium-rwo',
  'gp2', 'gp3', 'default', 'managed', 'managed-csi', 'managed-premium', 'azurefile', 'azurefile-csi',
  'longhorn', 'openebs-hostpath', 'do-block-storage',
];

export function checkDataSafety(ctx: RuleContext): Problem[] {
  return [...checkUnpinnedHostVolumes(ctx), ...checkUnbindableClasses(ctx), ...checkRollingDatabases(ctx)];
}

/** Why a workload expects several nodes, or undefined. */
function multiNodeReason(t: PodTemplate): string | undefined {
  const reasons: string[] = [];
  if (t.owner.kind === 'DaemonSet') reasons.push('a DaemonSet runs on every node');
  const replicas = asNumber(dig(t.owner.body, 'spec', 'replicas')) ?? 1;
  if (REPLICATED_KINDS.has(t.owner.kind) && replicas > 1) reasons.push(`${replicas} replicas`);
  if (asArray(dig(t.spec, 'affinity', 'podAntiAffinity', 'requiredDuringSchedulingIgnoredDuringExecution')).length > 0) reasons.push('required pod anti-affinity');
  return reasons.length > 0 ? reasons.join(', ') : undefined;
}

/** The PersistentVolumes of the folder a claim binds: the one it names, or those that fit it. */
function boundVolumes(pvc: ManifestObject, ctx: RuleContext): ManifestObject[] {
  const volumeName = asString(dig(pvc.body, 'spec', 'volumeName'));
  const volumes = ctx.inventory.ofKind('PersistentVolume');
  if (volumeName) return volumes.filter((pv) => pv.name === volumeName);
  if (dig(pvc.body, 'spec', 'storageClassName') === undefined) return []; // the default class provisions it
  return volumes.filter((pv) => mismatches(pvc, pv).length === 0);
}

function checkUnpinnedHostVolumes(ctx: RuleContext): Problem[] {
  const spread = ctx.templates.flatMap((t) => {
    const reason = multiNodeReason(t);
    return reason ? [`${t.owner.ref} (${reason})`] : [];
  });
  if (spread.length === 0) return [];
  const out: Problem[] = [];
  for (const pv of ctx.inventory.ofKind('PersistentVolume')) {
    const nodeLocal = unpinnedNodeLocalSource(pv.body);
    if (!nodeLocal) continue;
    const source = nodeLocal.kind;
    const users = ctx.templates.filter((t) =>
      podReferences(t).claims.some(({ claimName }) => {
        const pvc = ctx.inventory.find('PersistentVolumeClaim', t.namespace, claimName);
        return pvc !== undefined && boundVolumes(pvc, ctx).includes(pv);
      }));
    if (users.length === 0) continue;
    // Pods that a required node affinity (or nodeSelector, nodeName) keeps on one node pin the
    // data as well as the volume's own nodeAffinity would.
    const nodes = new Set(users.map(pinnedNode));
    if (nodes.size === 1 && !nodes.has(undefined)) continue;
    const where = nodeLocal.path;
    const local = source === 'local' ? ' (the API server also requires nodeAffinity on a local volume)' : '';
    const expects = spread.filter((s) => !users.some((u) => s.startsWith(`${u.owner.ref} `)));
    const shown = (expects.length > 0 ? expects : spread).slice(0, 3).join(', ');
    out.push(objectProblem(pv, 'warning', 'data.unpinned-host-volume', 'spec.nodeAffinity',
      `${source} volume${where ? ` ${where}` : ''} has no nodeAffinity${local}, and this folder expects several nodes (${shown}): when ${users.map((u) => u.owner.ref).join(', ')} is rescheduled to another node, it starts there on an empty directory and the data stays behind. Pin the volume to a node (spec.nodeAffinity on kubernetes.io/hostname) or claim a provisioned StorageClass`));
  }
  return out;
}

const HOSTNAME = 'kubernetes.io/hostname';

/** The one node a pod template can run on (nodeName, nodeSelector or required node affinity on the host name), or undefined. */
export function pinnedNode(t: PodTemplate): string | undefined {
  const byName = asString(t.spec.nodeName);
  if (byName) return byName;
  const bySelector = asString(dig(t.spec, 'nodeSelector', HOSTNAME));
  if (bySelector) return bySelector;
  const terms = asArray(dig(t.spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
  // Terms are ORed: every one must pin the same single host.
  const hosts = new Set(terms.map((term) => {
    const expressions = isObject(term) ? asArray(term.matchExpressions) : [];
    const onHost = expressions.find((e) => isObject(e) && e.key === HOSTNAME && e.operator === 'In' && asArray(e.values).length === 1);
    return isObject(onHost) ? asString(asArray(onHost.values)[0]) : undefined;
  }));
  return terms.length > 0 && hosts.size === 1 ? [...hosts][0] : undefined;
}

function checkUnbindableClasses(ctx: RuleContext): Problem[] {
  const classes = new Set(ctx.inventory.ofKind('StorageClass').map((c) => c.name));
  const volumeClasses = new Set(ctx.inventory.ofKind('PersistentVolume').map((pv) => asString(dig(pv.body, 'spec', 'storageClassName')) ?? ''));
  const claims: { owner: ManifestObject; spec: unknown; field: string; label: string }[] = [
    ...ctx.inventory.ofKind('PersistentVolumeClaim').map((pvc) => ({ owner: pvc, spec: pvc.body.spec, field: 'spec.storageClassName', label: 'the claim' })),
    ...ctx.inventory.ofKind('StatefulSet').flatMap((set) =>
      asArray(dig(set.body, 'spec', 'volumeClaimTemplates')).flatMap((template, i) =>
        isObject(template) ? [{ owner: set, spec: template.spec, field: `spec.volumeClaimTemplates[${i}].spec.storageClassName`, label: `claim template "${asString(dig(template, 'metadata', 'name')) ?? i}"` }] : [])),
  ];
  const out: Problem[] = [];
  for (const { owner, spec, field, label } of claims) {
    if (!isObject(spec) || asString(spec.volumeName)) continue; // a named volume: ref.pv-binding checks it
    const cls = asString(spec.storageClassName);
    if (cls === undefined || volumeClasses.has(cls) || classes.has(cls)) continue;
    if (cls === '') {
      out.push(objectProblem(owner, 'warning', 'data.unbindable-class', field, `storageClassName "" turns dynamic provisioning off and no class-less PersistentVolume is in this folder: ${label} stays Pending unless the cluster already has such a volume`));
    } else if (!COMMON_PROVISIONED_CLASSES.includes(cls)) {
      out.push(objectProblem(owner, 'warning', 'data.unbindable-class', field, `no PersistentVolume of class "${cls}" and no StorageClass "${cls}" in this folder, and it is no common provisioner's class: ${label} stays Pending unless the cluster has that class; add the PersistentVolume or StorageClass, or leave storageClassName unset for the default class`));
    }
  }
  return out;
}

function checkRollingDatabases(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const t of ctx.templates) {
    if (t.owner.kind !== 'Deployment') continue;
    const replicas = asNumber(dig(t.owner.body, 'spec', 'replicas')) ?? 1;
    const strategy = asString(dig(t.owner.body, 'spec', 'strategy', 'type')) ?? 'RollingUpdate';
    if (replicas !== 1 || strategy === 'Recreate') continue;
    const mounted = new Set(containersOf(t).flatMap((c) => asArray(c.container.volumeMounts).flatMap((m) => (isObject(m) && typeof m.name === 'string' ? [m.name] : []))));
    // A claim declared but mounted by no container holds nothing the pod writes.
    const exclusive = podReferences(t).claims.filter(({ volume }) => mounted.has(volume)).filter(({ claimName }) => {
      const pvc = ctx.inventory.find('PersistentVolumeClaim', t.namespace, claimName);
      const modes = asArray(dig(pvc?.body, 'spec', 'accessModes'));
      return pvc === undefined || modes.length === 0 || modes.some((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod');
    });
    if (exclusive.length === 0) continue;
    out.push(objectProblem(t.owner, 'warning', 'data.rolling-database', 'spec.strategy.type',
      `one replica writing to claim ${exclusive.map((c) => `"${c.claimName}"`).join(', ')} with strategy ${strategy}: an update starts the new pod while the old one still holds the volume (a Multi-Attach deadlock, or two processes on one data directory); use strategy: {type: Recreate}`));
  }
  return out;
}
