/** Ingress backends must name a Service of the Ingress's namespace, and one of its ports. */
import { RuleContext } from '../context';
import { ingressBackends } from '../ingress-shape';
import { ManifestObject } from '../../manifests/inventory';
import { asArray, asObject, isObject } from '../../manifests/json';
import { objectProblem } from '../problems';
import { Problem } from '../types';
import { servicePortMatches } from './services';

export function checkIngresses(ctx: RuleContext): Problem[] {
  return ctx.inventory.ofKind('Ingress').flatMap((ing) => checkIngress(ing, ctx));
}

function checkIngress(ing: ManifestObject, ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const b of ingressBackends(ing)) {
    if (!b.serviceName) continue; // the schema reports the missing name
    const svc = ctx.inventory.find('Service', ing.namespace, b.serviceName);
    if (!svc) {
      out.push(objectProblem(ing, 'error', 'ref.ingress-backend', b.nameField, `Service "${b.serviceName}" not found in namespace ${ing.namespace}${ctx.inventory.missingHint('Service', ing.namespace, b.serviceName)}`));
      continue;
    }
    if (b.port === undefined) {
      out.push(objectProblem(ing, 'error', 'ref.ingress-backend', b.portField, `backend names no port of Service "${b.serviceName}"`));
    } else if (!servicePortMatches(svc, b.port)) {
      out.push(objectProblem(ing, 'error', 'ref.ingress-backend', b.portField, `Service "${b.serviceName}" has no port ${typeof b.port === 'number' ? b.port : `named "${b.port}"`} (ports: ${describePorts(svc)})`));
    }
  }
  return out;
}

function describePorts(svc: ManifestObject): string {
  const ports = asArray(asObject(svc.body.spec)?.ports).flatMap((p) =>
    isObject(p) ? [typeof p.name === 'string' ? `${p.name}/${String(p.port)}` : String(p.port)] : [],
  );
  return ports.join(', ') || 'none';
}
