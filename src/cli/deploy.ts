/**
 * `npm run deploy -- [--profile spec|modern] [--dir DIR] [--context NAME] [--timeout 180s] [--dry-run]`
 *
 * Applies the synthesized manifests with kubectl in the spec's order (monitoring, postgres,
 * redis, apps, traefik), waits for each component's Deployments/DaemonSets, then prints the
 * URLs and the /etc/hosts line. See docs/deploy.md.
 */
import { parseArgs } from 'util';
import { npmSwallowedFlags } from './args';
import {
  DEFAULT_DIRS,
  DEFAULT_TIMEOUT,
  DeployIO,
  PROFILES,
  Profile,
  buildDeployPlan,
  executeDeploy,
  planCommands,
  resolveKubectl,
  shellQuote,
  spawnKubectl,
} from '../deploy';

export interface DeployDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly io: DeployIO;
  readonly now?: () => number;
}

const defaultDeps = (): DeployDeps => ({
  env: process.env,
  cwd: process.cwd(),
  io: {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
  },
});

export const USAGE = `usage: npm run deploy -- [options]

Applies the synthesized manifests with kubectl, component by component
(monitoring, postgres, redis, apps, traefik), waiting for each rollout.

options:
  --profile spec|modern  manifests to deploy (default: spec)
  --dir DIR              folder holding them (default: dist for spec, dist-modern for modern)
  --context NAME         kubeconfig context, passed to every kubectl call
  --timeout DURATION     rollout wait per Deployment/DaemonSet (default: ${DEFAULT_TIMEOUT}; e.g. 90s, 5m)
  --dry-run              print the kubectl commands, run nothing
  -h, --help             show this help

environment:
  KUBECTL                kubectl binary to run (default: kubectl on PATH)
`;

const ALLOWED_FLAGS = '--profile spec|modern, --dir DIR, --context NAME, --timeout DURATION, --dry-run, --help';

const OPTIONS = {
  profile: { type: 'string' },
  dir: { type: 'string' },
  context: { type: 'string' },
  timeout: { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

interface DeployArgs {
  profile: Profile;
  dir: string;
  context?: string;
  timeout: string;
  dryRun: boolean;
  help: boolean;
}

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Accepts kubectl (Go) durations like 180s, 5m, 1m30s; a bare number means seconds. */
export function normalizeTimeout(value: string): string {
  const v = value.trim();
  if (/^\d+$/.test(v)) return `${v}s`;
  if (DURATION.test(v)) return v;
  throw new UsageError(`invalid --timeout "${value}"; expected a duration such as 180s, 5m or 1m30s`);
}

function parseUsageError(err: unknown): UsageError {
  const e = err as { code?: string; message?: string };
  const msg = e.message ?? String(err);
  const quoted = /'([^']+)'/.exec(msg)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${quoted ?? msg}; allowed: ${ALLOWED_FLAGS}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${quoted ? `"${quoted}"` : msg}; allowed: ${ALLOWED_FLAGS}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(`${msg.replace(/\.$/, '')}; allowed: ${ALLOWED_FLAGS}`);
    default:
      return new UsageError(`${msg}; allowed: ${ALLOWED_FLAGS}`);
  }
}

export function parseDeployArgs(args: readonly string[]): DeployArgs {
  const swallowed = npmSwallowedFlags(args, OPTIONS);
  if (swallowed) throw new UsageError(swallowed);
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw parseUsageError(err);
  }
  const profile = values.profile ?? 'spec';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new UsageError(`invalid --profile "${profile}"; allowed values: ${PROFILES.join(', ')}`);
  }
  for (const key of ['dir', 'context'] as const) {
    if (values[key] !== undefined && values[key].trim() === '') {
      throw new UsageError(`--${key} must not be empty`);
    }
  }
  return {
    profile: profile as Profile,
    dir: values.dir ?? DEFAULT_DIRS[profile as Profile],
    ...(values.context !== undefined ? { context: values.context } : {}),
    timeout: normalizeTimeout(values.timeout ?? DEFAULT_TIMEOUT),
    dryRun: values['dry-run'] ?? false,
    help: values.help ?? false,
  };
}

export async function main(args: string[], deps: DeployDeps = defaultDeps()): Promise<number> {
  const { io } = deps;
  let parsed: DeployArgs;
  try {
    parsed = parseDeployArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`error: ${err.message}\nrun \`npm run deploy -- --help\` for usage\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(USAGE);
    return 0;
  }

  const plan = buildDeployPlan(parsed.dir, {
    cwd: deps.cwd,
    timeout: parsed.timeout,
    ...(parsed.context !== undefined ? { context: parsed.context } : {}),
  });

  if (plan.missing.length > 0) {
    const all = plan.missing.length === plan.components.flatMap((c) => c.files).length;
    io.stderr(
      (all
        ? `error: no manifests in ${parsed.dir}: all ${plan.missing.length} files are missing (${plan.missing.join(', ')})\n`
        : `error: missing ${plan.missing.length} file(s) in ${parsed.dir}: ${plan.missing.join(', ')}\n`) +
        `  generate them with: npm run synth -- --profile ${parsed.profile}` +
        `${parsed.dir !== DEFAULT_DIRS[parsed.profile] ? ` (it writes ${DEFAULT_DIRS[parsed.profile]}/)` : ''}\n` +
        '  nothing was applied.\n',
    );
    return 1;
  }
  if (plan.problems.length > 0) {
    io.stderr(
      `error: cannot parse ${plan.problems.length} manifest(s) in ${parsed.dir}:\n` +
        plan.problems.map((p) => `  ${p}\n`).join('') +
        `  re-generate them with: npm run synth -- --profile ${parsed.profile}\n  nothing was applied.\n`,
    );
    return 1;
  }
  if (plan.extra.length > 0) {
    io.stderr(`note: not part of the deploy order, not applied: ${plan.extra.join(', ')}\n`);
  }

  const bin = resolveKubectl(deps.env);
  if (parsed.dryRun) {
    io.stdout(planCommands(plan, bin).map((l) => `${l}\n`).join(''));
    return 0;
  }

  const rerun = ['npm run deploy', ...(args.length > 0 ? ['--', ...args.map(shellQuote)] : [])].join(' ');
  return executeDeploy(plan, {
    run: spawnKubectl(bin, deps.env, deps.cwd),
    bin,
    io,
    rerun,
    ...(deps.now ? { now: deps.now } : {}),
  });
}
