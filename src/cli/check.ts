/**
 * `npm run check -- [--stack NAME [--profile P] [--routing R]] [--k8s 1.21…1.36] [--policy NAME[,NAME]] [--allow-modern] [--format text|json] [DIR]`
 *
 * Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or an unreadable
 * manifest path (a dangling symlink, a folder named *.yaml; the other files are still checked).
 */
import type * as Stacks from '../charts/stacks';
import { UNREADABLE_PATH } from '../manifests';
import { errorMessage, Flags, FlagValues, oneOf, parseFlags, runCli, UsageError } from './args';
import { allowedVersions, check, CheckUsageError, DEFAULT_VERSION, formatJson, formatText, POLICIES, POLICY_REGISTRY, PolicyName } from '../checker';

const FORMATS = ['text', 'json'] as const;

/** The stacks load cdk8s (~70 ms): only `--stack` and `--help` pay for it. */
const loadStacks = (): Promise<typeof Stacks> => import('../charts/stacks');

const usage = (STACKS: typeof Stacks.STACKS): string => `usage: bernstein-cdk8s check [options] [DIR]   (in this repository: npm run check -- [options] [DIR])

Checks every *.yaml/*.yml file of DIR (default dist/) offline: schema and served APIs of a
Kubernetes version, references between objects, data safety, and optionally policies.

options:
  --stack NAME        check a stack's output with the stack's own policies: ${STACKS.map((s) => s.name).join(' | ')};
                      DIR defaults to the stack's folder for --profile (e.g. dist-smack/)
  --profile NAME      with --stack: which of its profiles (default: its first)
  --routing ROUTING   with --stack: ingress or gateway (default ingress): the folder of that routing
                      (e.g. dist-modern-gateway/) and the policies it is held to
  --k8s VERSION       Kubernetes version, ${allowedVersions()[0]} to ${allowedVersions().slice(-1)[0]} (default ${DEFAULT_VERSION})
  --policy NAME       extra policy, repeatable or comma-separated:
${POLICY_REGISTRY.map((p) => `                        ${p.name}: ${p.summary}`).join('\n')}
  --allow-modern      bernstein: accept traefik:v2.*, traefik:v3.* and ghcr.io/google/cadvisor images with a note
  --format FORMAT     ${FORMATS.join(' or ')} (default text)
  -h, --help          show this help

exit codes: 0 no errors, 1 errors found, 2 usage error or an unreadable manifest path`;

export const OPTIONS = {
  stack: { type: 'string', value: 'NAME' },
  profile: { type: 'string', value: 'NAME' },
  routing: { type: 'string', value: 'ingress|gateway' },
  k8s: { type: 'string', value: 'VERSION' },
  policy: { type: 'string', multiple: true, value: 'NAME' },
  'allow-modern': { type: 'boolean' },
  format: { type: 'string', value: 'text|json' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Flags;

export async function main(args: string[]): Promise<number> {
  return runCli(async () => {
    const { values, positionals } = parseFlags(args, OPTIONS, 1);
    if (values.help) {
      process.stdout.write(`${usage((await loadStacks()).STACKS)}\n`);
      return 0;
    }
    try {
      return run(values, positionals, values.stack === undefined ? undefined : await loadStacks());
    } catch (err) {
      if (err instanceof CheckUsageError) throw new UsageError(err.message);
      throw err;
    }
  });
}

function run(values: FlagValues<typeof OPTIONS>, positionals: readonly string[], stacks: typeof Stacks | undefined): number {
  const format = oneOf('--format', values.format ?? 'text', FORMATS);
  if (values.profile !== undefined && values.stack === undefined) throw new UsageError('--profile only applies with --stack NAME');
  if (values.routing !== undefined && values.stack === undefined) throw new UsageError('--routing only applies with --stack NAME');
  // A stack brings its own policies and folder; flags given as well add to them.
  const stack = stacks === undefined || values.stack === undefined ? undefined : findUsage(() => stacks.findStack(values.stack!));
  const profile = stack ? values.profile ?? stack.profiles[0] : undefined;
  const mismatch = stacks && stack && profile ? stacks.profileProblem(stack, profile) : undefined;
  if (mismatch) throw new UsageError(mismatch);
  const routingProblems = stacks && stack && profile ? stacks.routingProblems(stack, profile, { routing: values.routing }) : [];
  if (routingProblems.length > 0) throw new UsageError(routingProblems.join('\n'));
  // Checked just above: one of the profile's routings.
  const routing = values.routing as Stacks.Routing | undefined;
  const own = stack && profile ? stack.checkOptions(profile, routing) : {};
  const policies = [...new Set([...(own.policies ?? []), ...(values.policy ?? []).flatMap((v) => v.split(',')).map((v) => v.trim())])];
  for (const p of policies) oneOf('--policy', p, POLICIES);
  const allowModern = (values['allow-modern'] ?? false) || (own.allowModern ?? false);
  if (allowModern && !policies.includes('bernstein')) throw new UsageError('--allow-modern only applies with --policy bernstein');
  const dir = positionals[0] ?? (stack && profile ? stack.defaultOutdir(profile, routing) : 'dist/');
  if (own.minimumKubernetes !== undefined && values.k8s !== undefined && minor(values.k8s) < minor(own.minimumKubernetes)) {
    process.stderr.write(`notice: stack ${stack!.name} is written for Kubernetes >= ${own.minimumKubernetes}; findings on ${values.k8s} about newer fields are expected\n`);
  }
  const report = check(dir, {
    k8s: values.k8s,
    policy: policies as PolicyName[],
    allowModern,
  });
  process.stdout.write(format === 'json' ? formatJson(report) : formatText(report));
  // An unreadable manifest path is a usage problem (exit 2), reported with the rest checked.
  if (report.problems.some((p) => p.rule === UNREADABLE_PATH)) return 2;
  return report.summary.errors > 0 ? 1 : 0;
}

/** A lookup whose error is the user's mistake. */
function findUsage<T>(lookup: () => T): T {
  try {
    return lookup();
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}

const minor = (version: string): number => Number(version.split('.')[1] ?? NaN);
