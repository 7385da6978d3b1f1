/**
 * `npm run check -- [--stack NAME [--profile P]] [--k8s 1.21…1.33] [--policy NAME[,NAME]] [--allow-modern] [--format text|json] [DIR]`
 *
 * Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or an unreadable
 * manifest path (a dangling symlink, a folder named *.yaml; the other files are still checked).
 */
import { parseArgs } from 'util';
import { findStack, profileProblem, STACKS } from '../charts/stacks';
import { UNREADABLE_PATH } from '../manifests';
import { npmSwallowedFlags } from './args';
import { allowedVersions, check, CheckUsageError, DEFAULT_VERSION, formatJson, formatText, POLICIES, POLICY_REGISTRY, PolicyName } from '../checker';

const FORMATS = ['text', 'json'];

const USAGE = `usage: npm run check -- [options] [DIR]

Checks every *.yaml/*.yml file of DIR (default dist/) offline: schema and served APIs of a
Kubernetes version, references between objects, data safety, and optionally policies.

options:
  --stack NAME        check a stack's output with the stack's own policies: ${STACKS.map((s) => s.name).join(' | ')};
                      DIR defaults to the stack's folder for --profile (e.g. dist-smack/)
  --profile NAME      with --stack: which of its profiles (default: its first)
  --k8s VERSION       Kubernetes version, ${allowedVersions()[0]} to ${allowedVersions().slice(-1)[0]} (default ${DEFAULT_VERSION})
  --policy NAME       extra policy, repeatable or comma-separated:
${POLICY_REGISTRY.map((p) => `                        ${p.name}: ${p.summary}`).join('\n')}
  --allow-modern      bernstein: accept traefik:v2.* and ghcr.io/google/cadvisor images with a note
  --format FORMAT     ${FORMATS.join(' or ')} (default text)
  -h, --help          show this help

exit codes: 0 no errors, 1 errors found, 2 usage error or an unreadable manifest path`;

class UsageError extends Error {}

const OPTIONS = {
  stack: { type: 'string' },
  profile: { type: 'string' },
  k8s: { type: 'string' },
  policy: { type: 'string', multiple: true },
  format: { type: 'string' },
  'allow-modern': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(args: string[]): Promise<number> {
  const swallowed = npmSwallowedFlags(args, OPTIONS);
  if (swallowed) return usageError(swallowed);
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}: ${positionals.join(' ')}`);
    const format = values.format ?? 'text';
    if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${format}"; allowed: ${FORMATS.join(', ')}`);
    if (values.profile !== undefined && values.stack === undefined) throw new UsageError('--profile only applies with --stack NAME');
    // A stack brings its own policies and folder; flags given as well add to them.
    const stack = values.stack === undefined ? undefined : findUsage(() => findStack(values.stack!));
    const profile = stack ? values.profile ?? stack.profiles[0] : undefined;
    const mismatch = stack && profile ? profileProblem(stack, profile) : undefined;
    if (mismatch) throw new UsageError(mismatch);
    const own = stack && profile ? stack.checkOptions(profile) : {};
    const policies = [...new Set([...(own.policies ?? []), ...(values.policy ?? []).flatMap((v) => v.split(',')).map((v) => v.trim())])];
    const unknown = policies.filter((p) => !(POLICIES as readonly string[]).includes(p));
    if (unknown.length > 0) throw new UsageError(`unknown --policy ${unknown.map((p) => `"${p}"`).join(', ')}; allowed: ${POLICIES.join(', ')}`);
    const allowModern = (values['allow-modern'] ?? false) || (own.allowModern ?? false);
    if (allowModern && !policies.includes('bernstein')) throw new UsageError('--allow-modern only applies with --policy bernstein');
    const dir = positionals[0] ?? (stack && profile ? stack.defaultOutdir(profile) : 'dist/');
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
  } catch (err) {
    if (err instanceof UsageError || err instanceof CheckUsageError) return usageError(err.message);
    throw err;
  }
}

/** A lookup whose error is the user's mistake. */
function findUsage<T>(lookup: () => T): T {
  try {
    return lookup();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const minor = (version: string): number => Number(version.split('.')[1] ?? NaN);

function usageError(message: string): number {
  process.stderr.write(`error: ${message}\n(run with --help for usage)\n`);
  return 2;
}
