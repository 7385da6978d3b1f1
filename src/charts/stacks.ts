import { defaultedNotice, resolveCredentials } from '../config/credentials';
import { BernsteinChart, Profile, PROFILES } from './bernstein-chart';
import { LifespanChart } from './lifespan-chart';
import { PromotionsChart } from './promotions-chart';
import { SmackChart } from './smack-chart';
import { StackDefinition } from './stack-definition';

export * from './stack-definition';

/** Development credentials of the Bernstein stack, used only when the environment gives none. */
export const BERNSTEIN_DEV_CREDENTIALS = {
  user: { envVar: 'POSTGRES_USER', developmentDefault: 'bernstein' },
  password: { envVar: 'POSTGRES_PASSWORD', developmentDefault: 'bernstein-dev-password', fileVariant: true },
  database: { envVar: 'POSTGRES_DB', developmentDefault: 'bernstein' },
} as const;

/** The stderr notices of a build: which credentials fell back to development defaults. */
function notices(defaulted: readonly string[]): string[] {
  return [defaultedNotice(defaulted)].filter((n): n is string => n !== undefined);
}

const bernstein: StackDefinition = {
  name: 'bernstein',
  summary: 'Epitech B-DOP-500 poll application (redis, postgres, poll, worker, result, traefik, cadvisor)',
  profiles: PROFILES,
  describeProfile: (profile) => BERNSTEIN_PROFILE_SUMMARIES[profile as Profile] ?? profile,
  defaultOutdir: (profile) => (profile === 'spec' ? 'dist' : `dist-${profile}`),
  checkOptions: (profile) => ({ policies: profile === 'hardened' ? ['bernstein', 'restricted'] : ['bernstein'], allowModern: profile !== 'spec' }),
  build(app, options) {
    const credentials = resolveCredentials(BERNSTEIN_DEV_CREDENTIALS, options.env);
    const chart = new BernsteinChart(app, 'bernstein', {
      credentials: credentials.values,
      // BernsteinChart refuses a profile it does not have, naming the allowed ones.
      profile: options.profile as Profile,
      spreading: options.spreading,
    });
    return { chart, notices: notices(credentials.defaulted) };
  },
};

const BERNSTEIN_PROFILE_SUMMARIES: Readonly<Record<Profile, string>> = {
  spec: 'the specification to the letter (Traefik 1.7: routes only on Kubernetes <= 1.21)',
  modern: 'Traefik v2 and a current cAdvisor: routes on Kubernetes >= 1.22',
  hardened: 'modern with least privilege: network policies from the wiring, Pod Security "restricted" pods (cAdvisor excepted), requests and limits, disruption budgets',
};

/** What a stack with only the `spec` profile shares: its folder `dist-<name>/`, generic checks. */
function specOnly(name: string): Pick<StackDefinition, 'profiles' | 'describeProfile' | 'defaultOutdir' | 'checkOptions'> {
  return {
    profiles: ['spec'],
    describeProfile: () => 'the seed project as written',
    defaultOutdir: () => `dist-${name}`,
    checkOptions: () => ({}),
  };
}

/** Development credentials of the promotions stack's MongoDB. */
export const PROMOTIONS_DEV_CREDENTIALS = {
  rootUser: { envVar: 'MONGO_INITDB_ROOT_USERNAME', developmentDefault: 'promotions' },
  rootPassword: { envVar: 'MONGO_INITDB_ROOT_PASSWORD', developmentDefault: 'promotions-dev-password', fileVariant: true },
} as const;

const promotions: StackDefinition = {
  name: 'promotions',
  summary: 'Carrefour promotions use case (mongodb on /data/crf, replicated promotions API with Ingress and NodePort, internal logger)',
  ...specOnly('promotions'),
  build(app, options) {
    const credentials = resolveCredentials(PROMOTIONS_DEV_CREDENTIALS, options.env);
    const chart = new PromotionsChart(app, 'promotions', { credentials: credentials.values, spreading: options.spreading });
    return { chart, notices: notices(credentials.defaulted) };
  },
};

/** Development credentials of the lifespan stack's MySQL. */
export const LIFESPAN_DEV_CREDENTIALS = {
  rootPassword: { envVar: 'MYSQL_ROOT_PASSWORD', developmentDefault: 'lifespan-dev-root-password', fileVariant: true },
  user: { envVar: 'MYSQL_USER', developmentDefault: 'lifespan' },
  password: { envVar: 'MYSQL_PASSWORD', developmentDefault: 'lifespan-dev-password', fileVariant: true },
} as const;

const lifespan: StackDefinition = {
  name: 'lifespan',
  summary: 'Lifespan prediction app in its own namespace (mysql with a 2Gi claim, flask backend, react frontend on NodePort 30001)',
  ...specOnly('lifespan'),
  build(app, options) {
    const credentials = resolveCredentials(LIFESPAN_DEV_CREDENTIALS, options.env);
    const chart = new LifespanChart(app, 'lifespan', {
      credentials: { ...credentials.values, database: 'lifespan' },
      spreading: options.spreading,
    });
    return { chart, notices: notices(credentials.defaulted) };
  },
};

const smack: StackDefinition = {
  name: 'smack',
  summary: 'SMACK on Kubernetes (kafka in KRaft mode, cassandra, spark master and workers, akka ingestion app)',
  ...specOnly('smack'),
  // Topology spread with nodeTaintsPolicy (the quorums' `balanced` placement) is served from 1.26 on.
  checkOptions: () => ({ minimumKubernetes: '1.26' }),
  build(app, options) {
    // The seed asks for no node rule: its quorums spread `balanced` (see SmackChartProps.spreading);
    // --single-node still relaxes every rule to `preferred`.
    const spreading = options.spreading === 'required' ? 'balanced' : options.spreading;
    return { chart: new SmackChart(app, 'smack', { spreading }), notices: [] };
  },
};

/** Every stack, by name; the first is the default. */
export const STACKS: readonly StackDefinition[] = [bernstein, promotions, lifespan, smack];

/** Why `stack` cannot be synthesized with `profile`, or undefined when it can. */
export function profileProblem(stack: StackDefinition, profile: string): string | undefined {
  return stack.profiles.includes(profile)
    ? undefined
    : `--profile: stack "${stack.name}" has no profile "${profile}"; allowed: ${stack.profiles.join(', ')}`;
}

/** The stack called `name`, or an error listing the allowed names. */
export function findStack(name: string): StackDefinition {
  const stack = STACKS.find((s) => s.name === name);
  if (!stack) throw new Error(`--stack: unknown stack "${name}"; allowed: ${STACKS.map((s) => s.name).join(', ')}`);
  return stack;
}
