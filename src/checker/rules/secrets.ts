/**
 * Secret and ConfigMap payloads: `data` (Secret) and `binaryData` (ConfigMap) must be base64,
 * and a value that ends in a newline is almost always `echo x | base64` without `-n`, which
 * silently makes the newline part of the password.
 */
import { RuleContext } from '../context';
import { ManifestObject } from '../../manifests/inventory';
import { isObject, path } from '../../manifests/json';
import { objectProblem } from '../problems';
import { Problem } from '../types';

/** Go's base64.StdEncoding, as encoding/json decodes []byte: padded, CR/LF ignored. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KEY = /^[-._a-zA-Z0-9]+$/;

export function decodeBase64(value: string): Buffer | undefined {
  const compact = value.replace(/[\r\n]/g, '');
  return BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}

export function checkPayloads(ctx: RuleContext): Problem[] {
  return ctx.inventory.ofKind('Secret', 'ConfigMap').flatMap((obj) => [...checkPayload(obj), ...checkPayloadSize(obj)]);
}

/** The API server's limit on a ConfigMap's or Secret's data (validation.go: MaxSecretSize, ConfigMap total). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * Over 1 MiB of data the API server refuses the object (`Too long: must have at most 1048576
 * bytes`). A ConfigMap counts its keys and values (binaryData decoded); a Secret its decoded
 * values, `stringData` replacing `data` of the same key.
 */
function checkPayloadSize(obj: ManifestObject): Problem[] {
  const bytes = new Map<string, number>();
  let keyBytes = 0;
  const sections = obj.kind === 'Secret' ? [['data', true], ['stringData', false]] as const : [['data', false], ['binaryData', true]] as const;
  for (const [section, encoded] of sections) {
    const values = obj.body[section];
    if (!isObject(values)) continue;
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'string') continue;
      const size = encoded ? decodeBase64(value)?.length ?? Buffer.byteLength(value) : Buffer.byteLength(value);
      bytes.set(`${section === 'binaryData' ? 'b' : ''}${key}`, size);
      if (obj.kind === 'ConfigMap') keyBytes += Buffer.byteLength(key);
    }
  }
  const total = keyBytes + [...bytes.values()].reduce((a, b) => a + b, 0);
  if (total <= MAX_PAYLOAD_BYTES) return [];
  return [objectProblem(obj, 'error', 'payload.size', obj.kind === 'Secret' ? 'data' : 'data',
    `${obj.kind} data is ${total} bytes (${(total / MAX_PAYLOAD_BYTES).toFixed(2)} MiB); the API server refuses more than ${MAX_PAYLOAD_BYTES} bytes (1 MiB): mount large files from a volume or an image instead`)];
}

function checkPayload(obj: ManifestObject): Problem[] {
  const out: Problem[] = [];
  const encoded = obj.kind === 'Secret' ? 'data' : 'binaryData';
  const plain = obj.kind === 'Secret' ? 'stringData' : 'data';
  for (const section of [encoded, plain]) {
    const values = obj.body[section];
    if (!isObject(values)) continue;
    for (const [key, value] of Object.entries(values)) {
      const field = path(section, key);
      if (!KEY.test(key)) {
        out.push(objectProblem(obj, 'error', 'payload.key', field, `invalid key "${key}": only letters, digits, '-', '_' and '.' are allowed`));
      }
      if (typeof value !== 'string') continue; // the schema reports the type
      if (section === encoded) {
        const bytes = decodeBase64(value);
        if (!bytes) {
          out.push(objectProblem(obj, 'error', 'payload.base64', field, `value is not valid base64${obj.kind === 'Secret' ? ' (put plain text under stringData instead)' : ''}`));
        } else if (obj.kind === 'Secret' && bytes.length > 0 && bytes[bytes.length - 1] === 0x0a) {
          out.push(objectProblem(obj, 'warning', 'secret.trailing-newline', field, 'decoded value ends with a newline, which becomes part of the value (encode with `echo -n … | base64`)'));
        }
      } else if (obj.kind === 'Secret' && value.endsWith('\n')) {
        out.push(objectProblem(obj, 'warning', 'secret.trailing-newline', field, 'value ends with a newline, which becomes part of the value (use a plain or `|-` scalar)'));
      }
    }
  }
  return out;
}
