import { NODE_RUNTIMES, NodeRuntime, parseImageFlags, profileProblem, Routing, ROUTINGS, routingProblems, STACKS, storageProblems } from '../charts/stacks';
import { committedFolderProblem, defaultOutdirOf, describeVariants, placeholderNotices, placeholdersIn, synthesize, SynthRequest, variantsOf } from '../synth';
import { assertReplaceable, writeFolderAtomically } from '../output/write';
import { commandLine, errorMessage, Flags, oneOf, parseFlags, runCli, UsageError } from './args';

const USAGE = `usage: bernstein-cdk8s synth [--stack NAME] [--profile NAME] [--routing ingress|gateway] [--node-runtime containerd|k3s|crio] [--single-node] [--data-node NODE | --storage-class NAME] [--image COMPONENT=REF]… [--outdir DIR]
  --stack        ${STACKS.map((s) => s.name).join(' | ')} (default: ${STACKS[0].name})
  --profile      the stack's first profile by default; profiles of each stack:
${STACKS.flatMap((s) => s.profiles.map((p) => `                   ${s.name} ${p}: ${s.describeProfile(p)}`)).join('\n')}
  --routing      ${ROUTINGS.join(' | ')} (default: ingress): Ingresses, or Gateway API HTTPRoutes through a
                 Gateway (the cluster needs the Gateway API CRDs; npm run deploy installs them); gateway for
                 ${STACKS.flatMap((s) => s.profiles.filter((p) => s.routings(p).includes('gateway')).map((p) => `${s.name} ${p}`)).join(', ')}
                 (committed in the profile's folder + -gateway, e.g. dist-modern-gateway/)
  --node-runtime ${NODE_RUNTIMES.join(' | ')} (default: containerd): the nodes' container runtime, whose
                 socket cAdvisor reads (${STACKS.flatMap((s) => s.profiles.filter((p) => s.knowsNodeRuntime(p)).map((p) => `${s.name} ${p}`)).join(', ')}); k3s and crio write
                 the variant folder + -node-runtime
  --single-node  spread replicas only when possible (preferred anti-affinity) so one node can run them all
  --data-node    profiles with node-local (hostPath) volumes: pin them to this node (kubectl get nodes),
                 so the database runs only where its data is (${STACKS.flatMap((s) => s.profiles.filter((p) => s.storage(p) === 'node-local').map((p) => `${s.name} ${p}`)).join(', ')})
  --storage-class  profiles with provisioned claims: the StorageClass to claim from (default: the
                 cluster's default class)
  --image        COMPONENT=REF, repeatable: run REF (e.g. registry.example.com/promotions-api:1.2) as
                 the component's image; components (* a placeholder no registry serves: replace it):
${STACKS.map((s) => `                   ${s.name}: ${s.images.map((i) => `${i.component}${i.placeholder ? '*' : ''}`).join(', ')}`).join('\n')}
  --outdir       output folder (default: the stack's committed folder, dist/ for spec, dist-<profile>/
                 or dist-<stack>/ otherwise; with --single-node, --data-node, --storage-class,
                 credentials from the environment or --image, that name + -single-node / -data-node /
                 -storage-class / -custom-credentials / -custom-images, never committed)
In this repository: npm run synth -- [options].
Credentials come from the environment (bernstein: POSTGRES_USER, POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, POSTGRES_DB;
promotions: MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD; lifespan: MYSQL_ROOT_PASSWORD, MYSQL_USER, MYSQL_PASSWORD;
every password also as <VAR>_FILE); README "Credentials".`;

export const OPTIONS = {
  stack: { type: 'string', value: 'NAME' },
  profile: { type: 'string', value: 'NAME' },
  routing: { type: 'string', value: ROUTINGS.join('|') },
  'node-runtime': { type: 'string', value: NODE_RUNTIMES.join('|') },
  'single-node': { type: 'boolean' },
  'data-node': { type: 'string', value: 'NODE' },
  'storage-class': { type: 'string', value: 'NAME' },
  image: { type: 'string', multiple: true, value: 'COMPONENT=REF' },
  outdir: { type: 'string', value: 'DIR' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Flags;

/** `npm run synth`: writes one stack's manifests, replacing the output folder atomically. */
export async function main(args: string[]): Promise<number> {
  return runCli(() => {
    const { values } = parseFlags(args, OPTIONS);
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    // Every flag problem at once, before anything is built or written.
    const problems: string[] = [];
    const attempt = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (err) {
        problems.push(errorMessage(err));
        return undefined;
      }
    };
    const stackName = attempt(() => oneOf('--stack', values.stack ?? STACKS[0].name, STACKS.map((s) => s.name)));
    const stack = STACKS.find((s) => s.name === stackName);
    const profile = stack ? values.profile ?? stack.profiles[0] : undefined;
    const mismatch = stack && profile ? profileProblem(stack, profile) : undefined;
    if (mismatch) problems.push(mismatch);
    const storage = { dataNode: values['data-node'], storageClass: values['storage-class'] };
    if (stack && profile && !mismatch) problems.push(...storageProblems(stack, profile, storage));
    const routing = { routing: values.routing, nodeRuntime: values['node-runtime'] };
    if (stack && profile && !mismatch) problems.push(...routingProblems(stack, profile, routing));
    const images = stack ? parseImageFlags(stack, values.image ?? []) : undefined;
    if (images) problems.push(...images.problems);
    // Without a known stack, a profile no stack has is still a mistake worth reporting now.
    if (!stack && values.profile !== undefined) attempt(() => oneOf('--profile', values.profile!, [...new Set(STACKS.flatMap((s) => s.profiles))]));
    // An explicit folder (cdk8s synth passes its own as CDK8S_OUTDIR) is checked with the flags;
    // the default folder depends on the output's variants, known once it is built.
    const explicitOutdir = values.outdir ?? process.env.CDK8S_OUTDIR;
    if (explicitOutdir !== undefined) {
      if (explicitOutdir.trim() === '') problems.push('--outdir: empty; allowed: a folder path');
      else attempt(() => assertReplaceable(explicitOutdir));
    }
    if (problems.length > 0 || !stack || !profile || !stackName) {
      throw new UsageError(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`);
    }
    const request: SynthRequest = {
      stack: stackName, profile, spreading: values['single-node'] ? 'preferred' : 'required', env: process.env, ...storage, images: images?.images,
      // Checked above by routingProblems.
      routing: routing.routing as Routing | undefined, nodeRuntime: routing.nodeRuntime as NodeRuntime | undefined,
    };
    const result = synthesize(request);
    const variants = variantsOf(request, result);
    const outdir = explicitOutdir ?? defaultOutdirOf(result, variants);
    const committed = committedFolderProblem(outdir, result, variants);
    if (committed) throw new UsageError(committed);
    try {
      assertReplaceable(outdir);
    } catch (err) {
      throw new UsageError(errorMessage(err));
    }
    writeFolderAtomically(outdir, result.rendered);
    for (const notice of result.notices) process.stderr.write(`${notice}\n`);
    if (request.spreading === 'preferred') {
      process.stderr.write('notice: --single-node: replicated services use preferred anti-affinity (replicas may share a node)\n');
    }
    if (explicitOutdir === undefined && variants.length > 0) {
      process.stderr.write(`notice: ${describeVariants(request, result, variants)} output goes to ${outdir}/ (not committed); ${result.stack.defaultOutdir(result.profile, result.routing)}/ keeps the canonical output\n`);
    }
    const objects = result.files.flatMap((f) => f.documents.map((body) => ({ file: f.fileName, body })));
    for (const notice of placeholderNotices(placeholdersIn(stack, objects), `${commandLine('synth')} --stack ${stack.name} --profile ${profile}`)) process.stderr.write(`${notice}\n`);
    process.stdout.write(`synthesized ${stack.name} (profile ${profile}${result.routing === 'ingress' ? '' : `, routing ${result.routing}`}): ${result.rendered.size} files in ${outdir}/\n`);
    return 0;
  });
}
