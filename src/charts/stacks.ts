import { defaultedNotice, resolveCredentials } from '../config/credentials';
import { BERNSTEIN_IMAGES, BernsteinChart, Profile, PROFILES, profileKnowsNodeRuntime, profileRoutings, profileStorage } from './bernstein-chart';
import { LIFESPAN_IMAGES, LIFESPAN_PLACEHOLDER_IMAGES, LifespanChart } from './lifespan-chart';
import { PROMOTIONS_IMAGES, PROMOTIONS_PLACEHOLDER_IMAGES, PromotionsChart } from './promotions-chart';
import { SMACK_IMAGES, SMACK_PLACEHOLDER_IMAGES, SmackChart } from './smack-chart';
import { NODE_RUNTIMES, NodeRuntime } from '../constructs/cadvisor';
import { Routing, ROUTINGS, StackDefinition, StackImage, StackOptions, StorageKind } from './stack-definition';
import { closest } from '../validation/closest';
import { IMAGE_REFERENCE_ALLOWED, imageReferenceProblem } from '../validation/image-reference';
import { PropChecker, ValidationError } from '../validation/prop-checker';

export * from './stack-definition';

/** What every hardened profile adds. */
const HARDENED_SUMMARY = 'least privilege: network policies from the wiring, Pod Security "restricted" pods, requests and limits, disruption budgets';

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

/** A chart's images as a stack lists them: its `images` defaults, the placeholders marked. */
function stackImages<K extends string>(defaults: Readonly<Record<K, string>>, placeholders: readonly K[] = []): StackImage[] {
  return (Object.keys(defaults) as K[]).map((component) => ({ component, reference: defaults[component], placeholder: placeholders.includes(component) }));
}

/**
 * The `images` prop of a chart whose defaults are `defaults`, from a stack's overrides (already
 * checked by {@link imageOverrideProblems}, so only the chart's own keys are taken).
 */
function chartImages<T extends object>(defaults: T, overrides: Readonly<Record<string, string>> | undefined): Partial<T> {
  const known = Object.entries(overrides ?? {}).filter(([component]) => Object.prototype.hasOwnProperty.call(defaults, component));
  return Object.fromEntries(known) as Partial<T>;
}

const bernstein: StackDefinition = {
  name: 'bernstein',
  summary: 'Epitech B-DOP-500 poll application (redis, postgres, poll, worker, result, traefik, cadvisor)',
  profiles: PROFILES,
  describeProfile: (profile) => BERNSTEIN_PROFILE_SUMMARIES[profile as Profile] ?? profile,
  defaultOutdir: (profile, routing = 'ingress') => [profile === 'spec' ? 'dist' : `dist-${profile}`, ...(routing === 'ingress' ? [] : [routing])].join('-'),
  storage: (profile) => profileStorage(profile as Profile),
  routings: (profile) => (PROFILES.includes(profile as Profile) ? profileRoutings(profile as Profile) : ['ingress']),
  knowsNodeRuntime: (profile) => PROFILES.includes(profile as Profile) && profileKnowsNodeRuntime(profile as Profile),
  images: stackImages(BERNSTEIN_IMAGES),
  // The hardened profile leaves the spec's 19-file layout on purpose (policies, budgets; Traefik on
  // 8000 behind port 80), so it is held to Pod Security "restricted" instead of the spec's rules;
  // routed through the Gateway API, the spec's Ingress files are gone: generic rules only.
  checkOptions: (profile, routing = 'ingress') => (profile === 'hardened'
    ? { policies: ['restricted'] }
    : routing === 'gateway' ? {} : { policies: ['bernstein'], allowModern: profile !== 'spec' }),
  build(app, options) {
    const credentials = resolveCredentials(BERNSTEIN_DEV_CREDENTIALS, options.env);
    const chart = new BernsteinChart(app, 'bernstein', {
      credentials: credentials.values,
      // BernsteinChart refuses a profile it does not have, naming the allowed ones.
      profile: options.profile as Profile,
      spreading: options.spreading,
      images: chartImages(BERNSTEIN_IMAGES, options.images),
      dataNode: options.dataNode,
      storageClassName: options.storageClass,
      routing: options.routing,
      nodeRuntime: options.nodeRuntime,
    });
    return { chart, notices: notices(credentials.defaulted) };
  },
};

const BERNSTEIN_PROFILE_SUMMARIES: Readonly<Record<Profile, string>> = {
  spec: 'the specification to the letter (Traefik 1.7: routes only on Kubernetes <= 1.21)',
  modern: 'Traefik v3 (Ingresses, or with --routing gateway the Gateway API) and a current cAdvisor: routes on Kubernetes >= 1.22',
  hardened: `modern with ${HARDENED_SUMMARY} (cAdvisor excepted: privileged in kube-system)`,
};

/** Profiles of a seed stack: `spec`, the seed project as written, and `hardened`, the same with least privilege. */
export const SEED_PROFILES: readonly string[] = ['spec', 'hardened'];

/**
 * What a seed stack shares: the `spec` profile in `dist-<name>/` with generic checks, and the
 * `hardened` profile in `dist-<name>-hardened/`, also checked against Pod Security "restricted";
 * claims provisioned from a StorageClass.
 */
function seedProfiles(name: string): Pick<StackDefinition, 'profiles' | 'describeProfile' | 'defaultOutdir' | 'storage' | 'checkOptions' | 'routings' | 'knowsNodeRuntime'> {
  return {
    profiles: SEED_PROFILES,
    describeProfile: (profile) => (profile === 'hardened' ? HARDENED_SUMMARY : 'the seed project as written'),
    defaultOutdir: (profile) => (profile === 'hardened' ? `dist-${name}-hardened` : `dist-${name}`),
    storage: () => 'provisioned',
    // No seed deploys an ingress controller of its own: its routes are the cluster's Ingresses.
    routings: () => ['ingress'],
    knowsNodeRuntime: () => false,
    checkOptions: (profile) => (profile === 'hardened' ? { policies: ['restricted'] } : {}),
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
  ...seedProfiles('promotions'),
  images: stackImages(PROMOTIONS_IMAGES, PROMOTIONS_PLACEHOLDER_IMAGES),
  build(app, options) {
    const credentials = resolveCredentials(PROMOTIONS_DEV_CREDENTIALS, options.env);
    const chart = new PromotionsChart(app, 'promotions', { credentials: credentials.values, images: chartImages(PROMOTIONS_IMAGES, options.images), spreading: options.spreading, storageClassName: options.storageClass, hardened: options.profile === 'hardened' });
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
  ...seedProfiles('lifespan'),
  images: stackImages(LIFESPAN_IMAGES, LIFESPAN_PLACEHOLDER_IMAGES),
  build(app, options) {
    const credentials = resolveCredentials(LIFESPAN_DEV_CREDENTIALS, options.env);
    const chart = new LifespanChart(app, 'lifespan', {
      credentials: { ...credentials.values, database: 'lifespan' },
      images: chartImages(LIFESPAN_IMAGES, options.images),
      spreading: options.spreading,
      storageClassName: options.storageClass,
      hardened: options.profile === 'hardened',
    });
    return { chart, notices: notices(credentials.defaulted) };
  },
};

const smack: StackDefinition = {
  name: 'smack',
  summary: 'SMACK on Kubernetes (kafka in KRaft mode, cassandra, spark master and workers, akka ingestion app)',
  ...seedProfiles('smack'),
  images: stackImages(SMACK_IMAGES, SMACK_PLACEHOLDER_IMAGES),
  // Topology spread with nodeTaintsPolicy (the quorums' `balanced` placement) is served from 1.26 on.
  checkOptions: (profile) => ({ ...seedProfiles('smack').checkOptions(profile), minimumKubernetes: '1.26' }),
  build(app, options) {
    // The seed asks for no node rule: its quorums spread `balanced` (see SmackChartProps.spreading);
    // --single-node still relaxes every rule to `preferred`.
    const spreading = options.spreading === 'required' ? 'balanced' : options.spreading;
    return { chart: new SmackChart(app, 'smack', { spreading, images: chartImages(SMACK_IMAGES, options.images), storageClassName: options.storageClass, hardened: options.profile === 'hardened' }), notices: [] };
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

/** One committed output folder: a stack's profile with one of its routings. */
export interface CommittedOutput {
  readonly stack: StackDefinition;
  readonly profile: string;
  readonly routing: Routing;
  /** The folder, relative to the repository root. */
  readonly outdir: string;
}

/** Every committed folder: each stack's profiles, each with every routing it has. */
export function committedOutputs(): CommittedOutput[] {
  return STACKS.flatMap((stack) => stack.profiles.flatMap((profile) => stack.routings(profile).map((routing) => ({ stack, profile, routing, outdir: stack.defaultOutdir(profile, routing) }))));
}

/** The flags of {@link StackOptions.routing} and {@link StackOptions.nodeRuntime}, as the commands name them. */
export const ROUTING_FLAGS = { routing: '--routing', nodeRuntime: '--node-runtime' } as const;

/**
 * Every reason `--routing` and `--node-runtime` cannot be used with `stack` and `profile`: an
 * unknown value, a routing the profile does not have, a runtime the profile gives no meaning.
 * Each message names the flag, the value and what is allowed.
 */
export function routingProblems(stack: StackDefinition, profile: string, options: { readonly routing?: string; readonly nodeRuntime?: string }): string[] {
  const problems: string[] = [];
  const where = `stack "${stack.name}" profile "${profile}"`;
  const known = stack.profiles.includes(profile);
  if (options.routing !== undefined) {
    const routing = options.routing;
    if (!(ROUTINGS as readonly string[]).includes(routing)) problems.push(`${ROUTING_FLAGS.routing}: unknown value "${routing}"; allowed: ${ROUTINGS.join(', ')}`);
    else if (known && !(stack.routings(profile) as readonly string[]).includes(routing)) {
      const others = STACKS.flatMap((s) => s.profiles.filter((p) => (s.routings(p) as readonly string[]).includes(routing)).map((p) => `--stack ${s.name} --profile ${p}`));
      problems.push(`${ROUTING_FLAGS.routing}: ${where} routes only through ${stack.routings(profile).join(', ')}, not "${routing}"; allowed: ${stack.routings(profile).join(', ')}${others.length > 0 ? `, or ${ROUTING_FLAGS.routing} ${routing} with ${others.join(' or ')}` : ''}`);
    }
  }
  if (options.nodeRuntime !== undefined) {
    if (!(NODE_RUNTIMES as readonly string[]).includes(options.nodeRuntime)) problems.push(`${ROUTING_FLAGS.nodeRuntime}: unknown value "${options.nodeRuntime}"; allowed: ${NODE_RUNTIMES.join(', ')}`);
    else if (known && !stack.knowsNodeRuntime(profile)) {
      const others = STACKS.flatMap((s) => s.profiles.filter((p) => s.knowsNodeRuntime(p)).map((p) => `--stack ${s.name} --profile ${p}`));
      problems.push(`${ROUTING_FLAGS.nodeRuntime}: ${where} runs nothing that is told the nodes' container runtime; allowed: omit it${others.length > 0 ? `, or use it with ${others.join(' or ')}` : ''}`);
    }
  }
  return problems;
}

export { NODE_RUNTIMES };
export type { NodeRuntime };

/** The storage flags of {@link StackOptions}, as the commands name them. */
export const STORAGE_FLAGS = { dataNode: '--data-node', storageClass: '--storage-class' } as const;

/**
 * Every reason the storage options cannot be used with `stack` and `profile`: a malformed node
 * or class name, or a flag the profile's storage gives no meaning (e.g. --data-node where the
 * claims are provisioned). Each message names the flag and what is allowed instead.
 */
export function storageProblems(stack: StackDefinition, profile: string, options: Pick<StackOptions, 'dataNode' | 'storageClass'>): string[] {
  const problems: string[] = [];
  try {
    new PropChecker('storage')
      .nodeName(STORAGE_FLAGS.dataNode, options.dataNode)
      .storageClassName(STORAGE_FLAGS.storageClass, options.storageClass)
      .done();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.problems);
  }
  if (!stack.profiles.includes(profile)) return problems;
  const kind = stack.storage(profile);
  const otherProfiles = (wanted: StorageKind) => stack.profiles.filter((p) => stack.storage(p) === wanted);
  const where = `stack "${stack.name}" profile "${profile}"`;
  if (options.dataNode !== undefined && kind !== 'node-local') {
    const alternatives = [`${STORAGE_FLAGS.storageClass} NAME`, ...otherProfiles('node-local').map((p) => `--profile ${p} (node-local volumes) with ${STORAGE_FLAGS.dataNode}`)];
    problems.push(`${STORAGE_FLAGS.dataNode}: ${where} claims its volumes from a StorageClass, and a provisioned volume carries its own node affinity: there is no node-local volume to pin; allowed: ${alternatives.join(', or ')}`);
  }
  if (options.storageClass !== undefined && kind !== 'provisioned') {
    const alternatives = [`${STORAGE_FLAGS.dataNode} NODE`, ...otherProfiles('provisioned').map((p) => `--profile ${p} (provisioned claims) with ${STORAGE_FLAGS.storageClass}`)];
    problems.push(`${STORAGE_FLAGS.storageClass}: ${where} keeps its data in hand-made hostPath volumes, which use no StorageClass; allowed: ${alternatives.join(', or ')}`);
  }
  return problems;
}

/** The stack called `name`, or an error listing the allowed names. */
export function findStack(name: string): StackDefinition {
  const stack = STACKS.find((s) => s.name === name);
  if (!stack) throw new Error(`--stack: unknown stack "${name}"; allowed: ${STACKS.map((s) => s.name).join(', ')}`);
  return stack;
}

/** The flag that replaces a stack's image, as the commands name it. */
export const IMAGE_FLAG = '--image';

/**
 * Every reason `images` (component → reference) cannot replace `stack`'s images: a component the
 * stack does not have (with the likely one it meant and the allowed names), or a reference that
 * is not an image reference (with what is allowed).
 */
export function imageOverrideProblems(stack: StackDefinition, images: Readonly<Record<string, string>>): string[] {
  const components = stack.images.map((i) => i.component);
  return Object.entries(images).flatMap(([component, reference]) => {
    const flag = `${IMAGE_FLAG} ${component}=${reference}`;
    if (!components.includes(component)) {
      const guess = closest(component, components);
      return [`${flag}: stack "${stack.name}" has no component "${component}"${guess ? ` (did you mean "${guess}"?)` : ''}; allowed: ${components.join(', ')}`];
    }
    const problem = imageReferenceProblem(reference);
    return problem ? [`${flag}: ${problem}; allowed: ${IMAGE_REFERENCE_ALLOWED}`] : [];
  });
}

/**
 * The `--image COMPONENT=REF` values of a command line as component → reference, and every
 * problem with them (a value without "=", a component given twice, and those of
 * {@link imageOverrideProblems}).
 */
export function parseImageFlags(stack: StackDefinition, values: readonly string[]): { images: Record<string, string>; problems: string[] } {
  const images: Record<string, string> = {};
  const problems: string[] = [];
  const example = stack.images.find((i) => i.placeholder) ?? stack.images[0];
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0) {
      problems.push(`${IMAGE_FLAG} "${value}": expected COMPONENT=REF, e.g. ${IMAGE_FLAG} ${example.component}=registry.example.com/${example.component}:1.0; components of stack "${stack.name}": ${stack.images.map((i) => i.component).join(', ')}`);
      continue;
    }
    const component = value.slice(0, equals);
    const reference = value.slice(equals + 1);
    if (Object.prototype.hasOwnProperty.call(images, component)) {
      problems.push(`${IMAGE_FLAG} ${component} is given twice (${images[component]}, ${reference}); allowed: one ${IMAGE_FLAG} per component`);
      continue;
    }
    images[component] = reference;
  }
  return { images, problems: [...problems, ...imageOverrideProblems(stack, images)] };
}
