/**
 * Ingress backends in both shapes: networking.k8s.io/v1 (`service.name`, `service.port`) and
 * the v1beta1 one Traefik 1.7 reads (`serviceName`, `servicePort`).
 */
import { ManifestObject } from '../manifests/inventory';
import { asArray, asObject, asString, dig, isObject, path } from '../manifests/json';
import { JsonObject } from './types';

export interface IngressBackend {
  readonly host?: string;
  readonly httpPath?: string;
  readonly serviceName?: string;
  /** Port number or port name; undefined when the backend names none. */
  readonly port?: number | string;
  /** Field path of the service name (`spec.rules[0].http.paths[0].backend.service.name`). */
  readonly nameField: string;
  readonly portField: string;
}

export function ingressBackends(ingress: ManifestObject): IngressBackend[] {
  const out: IngressBackend[] = [];
  const spec = asObject(ingress.body.spec);
  if (!spec) return out;
  for (const key of ['defaultBackend', 'backend']) {
    const b = asObject(spec[key]);
    if (b) pushBackend(out, b, path('spec', key), undefined, undefined);
  }
  asArray(spec.rules).forEach((rule, i) => {
    if (!isObject(rule)) return;
    asArray(dig(rule, 'http', 'paths')).forEach((p, j) => {
      const b = isObject(p) ? asObject(p.backend) : undefined;
      if (b && isObject(p)) pushBackend(out, b, path('spec', 'rules', i, 'http', 'paths', j, 'backend'), asString(rule.host), asString(p.path));
    });
  });
  return out;
}

function pushBackend(out: IngressBackend[], b: JsonObject, field: string, host: string | undefined, httpPath: string | undefined): void {
  const service = asObject(b.service);
  if (service) {
    const number = dig(service, 'port', 'number');
    const name = dig(service, 'port', 'name');
    const port = typeof number === 'number' ? number : typeof name === 'string' ? name : undefined;
    const portField = path(field, 'service', 'port', typeof name === 'string' && typeof number !== 'number' ? 'name' : 'number');
    out.push({ host, httpPath, serviceName: asString(service.name), port, nameField: path(field, 'service', 'name'), portField });
  } else if ('serviceName' in b || 'servicePort' in b) {
    const sp = b.servicePort;
    out.push({
      host,
      httpPath,
      serviceName: asString(b.serviceName),
      port: typeof sp === 'number' || typeof sp === 'string' ? sp : undefined,
      nameField: path(field, 'serviceName'),
      portField: path(field, 'servicePort'),
    });
  }
  // `resource` backends point at custom objects, outside what the checker follows.
}
