// Runs the checker on objects a test built, and returns what it found as readable lines, so a
// test can expect `[]` and a failure prints the findings.
import { checkDocuments, CheckOptions, Problem } from '../../src/checker';
import { FiledObject, K8sObject } from './manifests';

/** Objects with their files, or bare objects (then all in `objects.yaml`). */
type Objects = readonly FiledObject[] | readonly K8sObject[];

function isFiled(o: FiledObject | K8sObject): o is FiledObject {
  return typeof (o as FiledObject).file === 'string' && typeof (o as FiledObject).object === 'object';
}

/** Every problem the checker reports for `objects` (Kubernetes 1.27 unless `options` says otherwise). */
export function checkObjects(objects: Objects, options: CheckOptions = {}): Problem[] {
  const documents = (objects as readonly (FiledObject | K8sObject)[]).map((o, index) =>
    isFiled(o) ? { file: o.file, index, content: o.object } : { file: 'objects.yaml', index, content: o });
  return [...checkDocuments(documents, options).problems];
}

/**
 * Warnings about the images themselves, not about how the objects fit together: the stacks'
 * placeholder application images are `:latest` until the user builds them (issue 25), the
 * spec's cadvisor is `google/cadvisor:latest` and its Traefik 1.7 routes nothing on 1.22+ (both
 * asserted in test/checker/own-output.test.ts).
 */
const ABOUT_IMAGES: readonly string[] = ['image.floating-tag', 'ingress.traefik-v1'];

/**
 * Errors and warnings of `objects` as `rule object field: message` lines, leaving out the
 * rules in `ignore` (e.g. `scope.undeclared-namespace` for a bare chart without its Namespace)
 * and the image warnings above.
 */
export function findings(objects: Objects, ignore: readonly string[] = [], options: CheckOptions = {}): string[] {
  return checkObjects(objects, options)
    .filter((p) => p.severity !== 'info' && !ignore.includes(p.rule) && !ABOUT_IMAGES.includes(p.rule))
    .map((p) => `${p.rule} ${p.object} ${p.field}: ${p.message}`);
}
