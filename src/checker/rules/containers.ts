/**
 * Container-level mistakes the schema cannot see:
 * - two ports of one container with the same name: the API server refuses the pod
 *   (`spec.containers[0].ports[1].name: Duplicate value`), so the workload never starts;
 * - an image without a tag, or tagged `latest`: the node pulls whatever the tag points to on
 *   the day it starts the pod, and a tag that moved to a new major (`traefik` is v3 now, which
 *   refuses 1.x flags) breaks a folder that worked yesterday.
 */
import { RuleContext } from '../context';
import { asArray, asString, isObject, path } from '../../manifests/json';
import { containersOf } from '../../manifests/pods';
import { objectProblem } from '../problems';
import { Problem } from '../types';

export function checkContainers(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const t of ctx.templates) {
    for (const c of containersOf(t)) {
      const seen = new Map<string, number>();
      asArray(c.container.ports).forEach((p, i) => {
        const name = isObject(p) ? asString(p.name) : undefined;
        if (!name) return;
        const first = seen.get(name);
        if (first === undefined) {
          seen.set(name, i);
          return;
        }
        out.push(objectProblem(t.owner, 'error', 'pod.duplicate-port-name', path(c.path, 'ports', i, 'name'),
          `port name "${name}" is already used by ${path(c.path, 'ports', first)} of this container: the API server refuses the pod (Duplicate value)`));
      });
      const image = asString(c.container.image);
      const floating = image === undefined ? undefined : floatingTag(image);
      if (floating) {
        out.push(objectProblem(t.owner, 'warning', 'image.floating-tag', path(c.path, 'image'),
          `${floating}: each node pulls whatever it points to when it starts the pod, so replicas can run different versions and a new major release (e.g. traefik:latest is v3) breaks the folder; pin a version tag or a digest`));
      }
    }
  }
  return out;
}

/** Why an image reference floats (no tag, or `latest`), or undefined when it is pinned. */
export function floatingTag(image: string): string | undefined {
  if (image.includes('@')) return undefined; // a digest pins it, whatever the tag says
  if (image.includes('$(') || image.includes('{{')) return undefined; // not an image yet (expansion, template)
  const lastSlash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= lastSlash) return `image "${image}" has no tag, so it means ${image}:latest`;
  return image.slice(colon + 1) === 'latest' ? `image "${image}" uses the moving tag latest` : undefined;
}
