/**
 * A host directory mounted where the program never looks (`hostpath.unread`, warning). The pod
 * runs and reports nothing wrong; the program simply does not see the host: cAdvisor with the
 * host's `/` at `/root-fs` instead of `/rootfs` reports no filesystem or container metrics.
 *
 * Only programs whose mounts are documented are judged (cAdvisor: its README's `docker run`
 * and its DaemonSet deploy/kubernetes/base/daemonset.yaml, see docs/facts.md), and only host
 * paths that program reads at a fixed place: a known host path mounted elsewhere.
 */
import { RuleContext } from '../context';
import { asArray, asString, dig, isObject, path, trimTrailingSlashes } from '../../manifests/json';
import { containersOf } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';

interface KnownMounts {
  readonly program: string;
  /** Image repositories (registry included, tag excluded). */
  readonly repositories: readonly string[];
  /** Host path → where the program reads it. */
  readonly mounts: Readonly<Record<string, string>>;
}

const KNOWN: readonly KnownMounts[] = [
  {
    program: 'cAdvisor',
    repositories: ['google/cadvisor', 'gcr.io/cadvisor/cadvisor', 'gcr.io/google-containers/cadvisor', 'ghcr.io/google/cadvisor', 'k8s.gcr.io/cadvisor', 'registry.k8s.io/cadvisor'],
    mounts: {
      '/': '/rootfs',
      '/var/run': '/var/run',
      '/sys': '/sys',
      '/var/lib/docker': '/var/lib/docker',
      '/dev/disk': '/dev/disk',
      '/dev/kmsg': '/dev/kmsg',
    },
  },
];


export function imageRepositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  const repo = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
  return repo.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

export function checkHostPathMounts(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const t of ctx.templates) {
    const hostPaths = new Map<string, string>();
    for (const v of asArray(t.spec.volumes)) {
      const name = isObject(v) ? asString(v.name) : undefined;
      const hostPath = isObject(v) ? asString(dig(v, 'hostPath', 'path')) : undefined;
      if (name && hostPath) hostPaths.set(name, trimTrailingSlashes(hostPath));
    }
    if (hostPaths.size === 0) continue;
    for (const c of containersOf(t)) {
      const image = asString(c.container.image);
      const known = image ? KNOWN.find((k) => k.repositories.includes(imageRepositoryOf(image))) : undefined;
      if (!known) continue;
      asArray(c.container.volumeMounts).forEach((m, i) => {
        if (!isObject(m)) return;
        const host = hostPaths.get(asString(m.name) ?? '');
        const mountPath = asString(m.mountPath);
        const expected = host !== undefined ? known.mounts[host] : undefined;
        if (!expected || mountPath === undefined || trimTrailingSlashes(mountPath) === expected || m.subPath !== undefined) return;
        out.push(objectProblem(t.owner, 'warning', 'hostpath.unread', path(c.path, 'volumeMounts', i, 'mountPath'),
          `${known.program} reads the host's ${host} at ${expected}; mounted at ${mountPath} it is never read, and ${known.program} reports nothing from it`));
      });
    }
  }
  return out;
}
