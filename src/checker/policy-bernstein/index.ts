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
import { normalizeImage } from './components';

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
 * - `image.floating-tag` on an image the spec prescribes (`google/cadvisor:latest`) or that
 *   `bernstein.image` already refuses (the fix is the spec's image, whatever its tag);
 * - `data.rolling-database` on a workload that `bernstein.volume` tells to use Recreate;
 * - `bernstein.files`' "not one of the 19 files" on a file already reported as a tool's
 *   configuration (kind, kustomize);
 * - `ref.affinity` on a workload whose anti-affinity `bernstein.anti-affinity` refuses;
 * - `ref.service-selector` on a Service that `bernstein.service` says selects no component pods;
 * - `bernstein.env` and `bernstein.env-source` on a container whose ConfigMap or Secret is
 *   missing (`ref.configmap`, `ref.secret`): the variables are missing because of it.
 */
export function refineBernstein(problems: readonly Problem[]): Problem[] {
  const said = new Set(problems.filter((p) => p.rule.startsWith('bernstein.')).map((p) => `${p.object}\0${p.field}`));
  const toolFiles = new Set(problems.filter((p) => p.rule === 'yaml.tool-config' || p.rule === 'yaml.kustomization').map((p) => p.file));
  const prescribed = new Set(COMPONENTS.map((c) => c.image));
  const onObject = new Set(problems.map((p) => `${p.object}\0${p.rule}`));
  const missingSource = new Set(problems.filter((p) => p.rule === 'ref.configmap' || p.rule === 'ref.secret').map((p) => `${p.object}\0${containerOf(p.field)}`));
  return problems.filter((p) => {
    if (p.rule === 'image.floating-tag') {
      const image = /image "([^"]+)"/.exec(p.message)?.[1];
      return !(image !== undefined && prescribed.has(normalizeImage(image))) && !said.has(`${p.object}\0${p.field}`);
    }
    if (p.rule === 'data.rolling-database') return !said.has(`${p.object}\0${p.field}`);
    if (p.rule === 'bernstein.files' && p.object === '-' && toolFiles.has(p.file)) return false;
    if (p.rule === 'ref.affinity') return !onObject.has(`${p.object}\0bernstein.anti-affinity`);
    if (p.rule === 'ref.service-selector') return !said.has(`${p.object}\0${p.field}`);
    if (p.rule === 'bernstein.env' || p.rule === 'bernstein.env-source') return !missingSource.has(`${p.object}\0${containerOf(p.field)}`);
    return true;
  });
}

/** `spec.template.spec.containers[0]` of a field path below a container, else the path itself. */
function containerOf(field: string): string {
  const m = /^(.*?(?:containers|initContainers)\[\d+\])/.exec(field);
  return m ? m[1] : field;
}
