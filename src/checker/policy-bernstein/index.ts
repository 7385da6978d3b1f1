/**
 * The Bernstein policy (`--policy bernstein`): the B-DOP-500 specification's bullets on top of
 * the generic rules. Components are recognised by labels, names, images and file names.
 */
import { RuleContext } from '../context';
import { Problem } from '../types';
import { checkEnvironment } from './env';
import { checkFiles } from './files';
import { checkIngressRules, checkServices, checkTraefik } from './networking';
import { checkWorkloadBullets, resolveWorkloads } from './workloads';

export function checkBernstein(ctx: RuleContext): Problem[] {
  const { workloads, problems } = resolveWorkloads(ctx);
  const out: Problem[] = [...checkFiles(ctx), ...problems];
  for (const w of workloads) {
    out.push(...checkWorkloadBullets(w, ctx), ...checkEnvironment(w, ctx));
    if (w.spec.name === 'traefik') out.push(...checkTraefik(w, ctx));
  }
  const services = checkServices(workloads, ctx);
  out.push(...services.problems, ...checkIngressRules(workloads, services.services, ctx));
  return out;
}
