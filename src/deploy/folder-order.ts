/**
 * The apply order of any folder of manifests, derived from the manifests themselves, so that
 * `deploy --dir` serves an app this project never saw. A component is a file stem (the layout
 * `<component>.<kind>.yaml` gives one per component; any other file is its own component).
 * A component is applied after:
 * - the component holding the Namespace it lives in, and the one holding the
 *   CustomResourceDefinition of a kind it uses;
 * - every component it talks to, as the topology picture shows it: the owner of a ConfigMap or
 *   Secret its pods read, a Service its settings dial (`http://api:8080` in a ConfigMap or env);
 * - for an ingress controller, the components it routes to.
 * Among components free to go, name order decides, so the order is deterministic. Components
 * that need each other (a cycle) are applied in name order and reported.
 */
import { deriveTopology, fileComponent } from '../diagram';
import { ManifestObject } from '../manifests';
import { applyRank, withoutPrerequisitePrefix } from '../output/file-names';
import { ManifestDocument, ManifestFile } from '../output/layout';
import { ApplyStep } from '../output/apply-order';

/** The apply order of a folder, and the components no order could separate. */
export interface FolderOrder {
  readonly steps: readonly ApplyStep[];
  /** Components that need each other, applied in name order; empty when the order is complete. */
  readonly cycle: readonly string[];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** The component of a file: its stem, without the `00-` that sorts a Namespace's file first. */
export const fileOwner = (fileName: string): string => withoutPrerequisitePrefix(fileComponent(fileName));
/** A topology node's component, named as fileOwner names it (the topology keeps a file's `00-`). */
const componentOf = (key: string): string | undefined => (key.startsWith('component:') ? withoutPrerequisitePrefix(key.slice('component:'.length)) : undefined);

/** The objects of a folder as the files that hold them, in file and document order. */
export function filesOf(objects: readonly ManifestObject[]): ManifestFile[] {
  const byFile = new Map<string, ManifestObject[]>();
  for (const o of objects) byFile.set(o.file, [...(byFile.get(o.file) ?? []), o]);
  return [...byFile.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([fileName, objs]) => ({ fileName, documents: [...objs].sort((x, y) => x.index - y.index).map((o) => o.body as ManifestDocument) }));
}

/** The order in which a folder's components are applied (see the module comment). */
export function folderApplyOrder(objects: readonly ManifestObject[]): FolderOrder {
  const files = filesOf(objects);
  const names = [...new Set(files.map((f) => fileOwner(f.fileName)))].sort(compare);
  const after = new Map(names.map((n) => [n, new Set<string>()]));
  const need = (component: string, first: string | undefined): void => {
    if (first !== undefined && first !== component && after.has(first)) after.get(component)!.add(first);
  };

  const namespaceOwner = new Map(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.name, fileOwner(o.file)]));
  const crdOwner = new Map(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => {
    const spec = (o.body.spec ?? {}) as { group?: unknown; names?: { kind?: unknown } };
    return [`${String(spec.group)}/${String(spec.names?.kind)}`, fileOwner(o.file)] as const;
  }));
  for (const o of objects) {
    const component = fileOwner(o.file);
    if (o.namespace !== undefined) need(component, namespaceOwner.get(o.namespace));
    need(component, crdOwner.get(`${o.group}/${o.kind}`));
  }
  for (const edge of deriveTopology(files).edges) {
    const from = componentOf(edge.from);
    const to = componentOf(edge.to);
    if (from === undefined || to === undefined) continue;
    // A client after what it talks to; an ingress controller after the components it routes to.
    if (edge.kind === 'dataFlow') need(from, to);
    else if (edge.kind === 'route') need(from, to);
  }

  const order: string[] = [];
  const placed = new Set<string>();
  const cycle: string[] = [];
  while (order.length < names.length) {
    const free = names.find((n) => !placed.has(n) && [...after.get(n)!].every((d) => placed.has(d)));
    const next = free ?? names.find((n) => !placed.has(n))!;
    if (free === undefined) cycle.push(next);
    order.push(next);
    placed.add(next);
  }
  const filesByComponent = new Map<string, string[]>();
  for (const f of files) {
    const c = fileOwner(f.fileName);
    filesByComponent.set(c, [...(filesByComponent.get(c) ?? []), f.fileName]);
  }
  return {
    steps: order.map((component) => ({
      component,
      files: [...filesByComponent.get(component)!].sort((a, b) => applyRank(a) - applyRank(b) || compare(a, b)),
      after: names.filter((n) => after.get(component)!.has(n)),
    })),
    cycle,
  };
}
