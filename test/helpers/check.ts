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
 * Errors and warnings of `objects` as `rule object field: message` lines, leaving out the
 * rules in `ignore` (e.g. `scope.undeclared-namespace` for a bare chart without its Namespace).
 */
export function findings(objects: Objects, ignore: readonly string[] = [], options: CheckOptions = {}): string[] {
  return checkObjects(objects, options)
    .filter((p) => p.severity !== 'info' && !ignore.includes(p.rule))
    .map((p) => `${p.rule} ${p.object} ${p.field}: ${p.message}`);
}
