import { App, Chart } from 'cdk8s';
import { defaultedNotice, Environment, resolveCredentials } from '../config/credentials';
import { NodeSpreading } from '../constructs/placement';
import { BernsteinChart, Profile } from './bernstein-chart';

/** What every stack is built from. */
export interface StackOptions {
  /** Manifest profile; stacks without profiles accept only `spec`. */
  readonly profile: Profile;
  /** How replicated workloads spread over nodes. */
  readonly spreading: NodeSpreading;
  /** Environment the credentials are read from. */
  readonly env: Environment;
}

/** A built chart and what synth must tell the user about it. */
export interface BuiltStack {
  readonly chart: Chart;
  readonly notices: readonly string[];
}

/** A named system that `npm run synth -- --stack NAME` can write. */
export interface StackDefinition {
  readonly name: string;
  readonly summary: string;
  /** Profiles the stack supports; the first is its default. */
  readonly profiles: readonly Profile[];
  /** Output folder when --outdir is not given. */
  defaultOutdir(profile: Profile): string;
  build(app: App, options: StackOptions): BuiltStack;
}

/** Development credentials of the Bernstein stack, used only when the environment gives none. */
export const BERNSTEIN_DEV_CREDENTIALS = {
  user: { envVar: 'POSTGRES_USER', developmentDefault: 'bernstein' },
  password: { envVar: 'POSTGRES_PASSWORD', developmentDefault: 'bernstein-dev-password', fileVariant: true },
  database: { envVar: 'POSTGRES_DB', developmentDefault: 'bernstein' },
} as const;

const bernstein: StackDefinition = {
  name: 'bernstein',
  summary: 'Epitech B-DOP-500 poll application (redis, postgres, poll, worker, result, traefik, cadvisor)',
  profiles: ['spec', 'modern'],
  defaultOutdir: (profile) => (profile === 'spec' ? 'dist' : `dist-${profile}`),
  build(app, options) {
    const credentials = resolveCredentials(BERNSTEIN_DEV_CREDENTIALS, options.env);
    const chart = new BernsteinChart(app, 'bernstein', {
      credentials: credentials.values,
      profile: options.profile,
      spreading: options.spreading,
    });
    return { chart, notices: [defaultedNotice(credentials.defaulted)].filter((n): n is string => n !== undefined) };
  },
};

/** Every stack, by name; the first is the default. */
export const STACKS: readonly StackDefinition[] = [bernstein];

/** The stack called `name`, or an error listing the allowed names. */
export function findStack(name: string): StackDefinition {
  const stack = STACKS.find((s) => s.name === name);
  if (!stack) throw new Error(`--stack: unknown stack "${name}"; allowed: ${STACKS.map((s) => s.name).join(', ')}`);
  return stack;
}
