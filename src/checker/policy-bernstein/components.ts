/**
 * Which Bernstein component an object belongs to. Hand-ins name things in many ways
 * (`poll`, `poll-deployment`, `app: poll`, `db-credentials` in postgres.secret.yaml), so the
 * evidence is weighed from the object itself (labels, name, image) before its file name.
 */
import { ManifestObject } from '../../manifests/inventory';
import { asString, dig, stringMap } from '../../manifests/json';
import { containersOf, PodTemplate, podTemplateOf } from '../../manifests/pods';
import { COMPONENT_NAMES, COMPONENTS, ComponentName, ComponentSpec } from './spec';

const ALIASES: Readonly<Record<string, ComponentName>> = { postgresql: 'postgres', pg: 'postgres' };
const IDENTITY_LABELS = ['app', 'app.kubernetes.io/name', 'k8s-app', 'name', 'app.kubernetes.io/component', 'component'];

function fromText(text: string | undefined): ComponentName | undefined {
  if (!text) return undefined;
  for (const token of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if ((COMPONENT_NAMES as readonly string[]).includes(token)) return token as ComponentName;
    if (ALIASES[token]) return ALIASES[token];
  }
  return undefined;
}

/** Image reference without registry defaults: `docker.io/library/redis:5.0` → `redis:5.0`. */
export function normalizeImage(image: string): string {
  return image.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

export function imageRepository(image: string): string {
  const normalized = normalizeImage(image).split('@')[0];
  const colon = normalized.lastIndexOf(':');
  return colon > normalized.lastIndexOf('/') ? normalized.slice(0, colon) : normalized;
}

export function componentOfImage(image: string | undefined): ComponentSpec | undefined {
  if (!image) return undefined;
  const repo = imageRepository(image);
  return COMPONENTS.find((c) => c.repositories.includes(repo));
}

/** Evidence from the object itself first; `useFile` adds the file-name stem as the last resort. */
export function componentOf(obj: ManifestObject, useFile = true): ComponentName | undefined {
  const labels = stringMap(dig(obj.body, 'metadata', 'labels'));
  const byApp = fromText(labels.app) ?? fromText(labels['app.kubernetes.io/name']);
  if (byApp) return byApp;
  const byName = fromText(obj.name);
  if (byName) return byName;
  const template = podTemplateOf(obj);
  if (template) {
    const byImage = containersOf(template).map((c) => componentOfImage(asString(c.container.image))).find(Boolean);
    if (byImage) return byImage.name;
    for (const key of IDENTITY_LABELS) {
      const byTemplateLabel = fromText(template.labels[key]);
      if (byTemplateLabel) return byTemplateLabel;
    }
  }
  for (const key of IDENTITY_LABELS) {
    const byLabel = fromText(labels[key]);
    if (byLabel) return byLabel;
  }
  return useFile ? fromText(obj.file.split('.')[0]) : undefined;
}

/** The component's workloads (objects with a pod template), in folder order. */
export function workloadsOf(component: ComponentName, templates: readonly PodTemplate[]): PodTemplate[] {
  return templates.filter((t) => componentOf(t.owner) === component);
}
