/**
 * Traefik 1.x lists Ingresses only through extensions/v1beta1, which Kubernetes 1.22 and later
 * no longer serve: on those versions it starts, reports no error a user would see, and routes
 * nothing (traefik/traefik#8343, docs/facts.md). `ingress.traefik-v1` (warning) says so on every
 * folder, with or without a policy. The same fact shapes the advice of `api.removed` for the
 * folder's v1beta1 Ingresses: moving them to networking.k8s.io/v1 alone leaves Traefik 1.x
 * blind (see {@link traefikV1Workloads}).
 */
import { RuleContext } from '../context';
import { asArray, asString, path } from '../../manifests/json';
import { containersOf } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';
import { imageRepositoryOf } from './host-paths';

/** First Kubernetes minor that no longer serves extensions/v1beta1 Ingress. */
const V1BETA1_INGRESS_REMOVED = 22;

/** `traefik:1.7`, `traefik:v1.7.34`, `docker.io/library/traefik:1.6`: a Traefik 1.x image. */
export function isTraefikV1(image: string | undefined): boolean {
  if (!image || imageRepositoryOf(image) !== 'traefik') return false;
  const reference = image.split('@')[0];
  const colon = reference.lastIndexOf(':');
  const tag = colon > reference.lastIndexOf('/') ? reference.slice(colon + 1) : '';
  return /^v?1(\.\d+){0,2}(-[a-z0-9]+)?$/.test(tag);
}

/** Workloads running Traefik 1.x with its Kubernetes Ingress provider (`--kubernetes`). */
export function traefikV1Workloads(ctx: RuleContext): { ref: string; template: (typeof ctx.templates)[number]; containerPath: string }[] {
  const out: { ref: string; template: (typeof ctx.templates)[number]; containerPath: string }[] = [];
  for (const t of ctx.templates) {
    for (const c of containersOf(t)) {
      if (!isTraefikV1(asString(c.container.image))) continue;
      const flags = [...asArray(c.container.command), ...asArray(c.container.args)].filter((a): a is string => typeof a === 'string');
      // Without flags a configuration file decides; a Traefik 1.x in a Kubernetes folder reads Ingresses.
      const otherProviderOnly = flags.length > 0 && !flags.some((f) => /^--kubernetes(\.|=|$)/.test(f) || /^(--configfile|--configFile|-c$)/.test(f));
      if (!otherProviderOnly) out.push({ ref: t.owner.ref, template: t, containerPath: c.path });
    }
  }
  return out;
}

export function checkTraefikV1(ctx: RuleContext): Problem[] {
  if (ctx.version.minor < V1BETA1_INGRESS_REMOVED) return [];
  return traefikV1Workloads(ctx).map(({ template, containerPath }) =>
    objectProblem(template.owner, 'warning', 'ingress.traefik-v1', path(containerPath, 'image'),
      `Traefik 1.x lists Ingresses only through extensions/v1beta1, which Kubernetes 1.22+ no longer serves: on Kubernetes ${ctx.version.label} it routes nothing (traefik/traefik#8343). It works on Kubernetes <= 1.21; newer clusters need Traefik v2.5+ (v3 today) with networking.k8s.io/v1 Ingresses`));
}
