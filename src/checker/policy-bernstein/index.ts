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
import { COMPONENTS } from './spec';

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

/**
 * Generic findings that a Bernstein finding already states, or that the specification demands:
 * - `image.floating-tag` on an image the spec prescribes (`google/cadvisor:latest`);
 * - `data.rolling-database` on a workload that `bernstein.volume` tells to use Recreate.
 */
export function refineBernstein(problems: readonly Problem[]): Problem[] {
  const said = new Set(problems.filter((p) => p.rule.startsWith('bernstein.')).map((p) => `${p.object}\0${p.field}`));
  const prescribed = new Set(COMPONENTS.map((c) => c.image));
  return problems.filter((p) => {
    if (p.rule === 'image.floating-tag') return ![...prescribed].some((image) => p.message.includes(`"${image}"`));
    if (p.rule === 'data.rolling-database') return !said.has(`${p.object}\0${p.field}`);
    return true;
  });
}
