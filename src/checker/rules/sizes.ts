/**
 * Size limits of the API server that no schema states (`object.size`, error):
 * - annotations of one object: at most 256 KiB of keys and values together
 *   (apimachinery ValidateAnnotations: TotalAnnotationSizeLimitB = 256 * 1024); `kubectl apply`
 *   adds its own last-applied-configuration annotation, a copy of the object, so an object
 *   near the limit already fails there (that case gets its own message);
 * - a whole object: etcd refuses requests over 1.5 MiB (its default --max-request-bytes).
 * ConfigMap and Secret data over 1 MiB is `payload.size` (secrets.ts).
 */
import { RuleContext } from '../context';
import { isObject } from '../../manifests/json';
import { objectProblem } from '../problems';
import { Problem } from '../types';

export const MAX_ANNOTATION_BYTES = 256 * 1024;
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

export function checkObjectSizes(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const obj of ctx.inventory.objects) {
    const annotations = isObject(obj.body.metadata) ? obj.body.metadata.annotations : undefined;
    let annotationBytes = 0;
    if (isObject(annotations)) {
      for (const [k, v] of Object.entries(annotations)) annotationBytes += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
    }
    const objectBytes = Buffer.byteLength(JSON.stringify(obj.body));
    if (annotationBytes > MAX_ANNOTATION_BYTES) {
      out.push(objectProblem(obj, 'error', 'object.size', 'metadata.annotations', `annotations total ${annotationBytes} bytes; the API server refuses more than ${MAX_ANNOTATION_BYTES} (256 KiB)`));
    } else if (objectBytes > MAX_ANNOTATION_BYTES) {
      // Not an error by itself: `kubectl apply` copies the object into an annotation, `kubectl create` and server-side apply do not.
      out.push(objectProblem(obj, 'warning', 'object.size', '-', `the object is ${objectBytes} bytes: \`kubectl apply\` (client-side) copies it into the last-applied-configuration annotation, which the API server limits to 256 KiB; use \`kubectl apply --server-side\` or \`kubectl create\``));
    }
    if (objectBytes > MAX_OBJECT_BYTES) {
      out.push(objectProblem(obj, 'error', 'object.size', '-', `the object is ${objectBytes} bytes; etcd refuses requests over ${MAX_OBJECT_BYTES} bytes (1.5 MiB) by default`));
    }
  }
  return out;
}
