// Property-based tests: random valid props give schema-valid, reference-consistent manifests;
// random invalid props are all rejected with a message naming the prop, and never leave a
// partial output folder. Values are drawn from the real value lists (every stack, every profile,
// every spreading) and up to the real length limits (DNS-1123 label 63, subdomain 253, SQL
// identifier 63, image tag 128), where most mistakes in a validator hide.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { App } from 'cdk8s';
import { BernsteinChart, BernsteinChartProps, Profile, PROFILES, profileStorage } from '../../src/charts/bernstein-chart';
import { BERNSTEIN_DEV_CREDENTIALS, LIFESPAN_DEV_CREDENTIALS, PROMOTIONS_DEV_CREDENTIALS, STACKS } from '../../src/charts/stacks';
import { NODE_SPREADING_VALUES } from '../../src/constructs/placement';
import { layoutChart, ManifestFile } from '../../src/output/layout';
import { synthesize, synthesizeTo } from '../../src/synth';
import { ValidationError } from '../../src/validation/prop-checker';
import { checkDocuments, ManifestDocument } from '../../src/checker';

export const VALID_RUNS = 150;
export const STACK_RUNS = 60;
export const ORACLE_RUNS = 25;
export const INVALID_RUNS = 300;
export const FOLDER_RUNS = 100;

const LOWER_ALNUM = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
const LABEL_INNER = [...LOWER_ALNUM, '-'];

/** A string of exactly `length` characters: `first`, then `middle`, ending with `last` (length 1: one `first`). */
function stringOf(length: number, first: readonly string[], middle: readonly string[], last: readonly string[]): fc.Arbitrary<string> {
  if (length === 1) return fc.constantFrom(...first);
  return fc.tuple(fc.constantFrom(...first), fc.string({ unit: fc.constantFrom(...middle), minLength: length - 2, maxLength: length - 2 }), fc.constantFrom(...last))
    .map(([a, b, c]) => a + b + c);
}

/** Lengths from 1 to `max`, with `max` itself (the limit) drawn often. */
const lengthUpTo = (max: number) => fc.oneof(fc.constant(max), fc.integer({ min: 1, max }));

/** An RFC 1123 label: lower-case letters, digits and "-", alphanumeric at both ends, up to 63 characters. */
const label = lengthUpTo(63).chain((n) => stringOf(n, LOWER_ALNUM, LABEL_INNER, LOWER_ALNUM));
/** An RFC 1123 subdomain up to `max` characters (labels joined with dots, the last one cut to fit). */
const subdomain = (max: number) => fc.tuple(fc.array(label, { minLength: 1, maxLength: 5 }), fc.boolean()).chain(([labels, fill]) => {
  const joined: string[] = [];
  for (const l of labels) if ([...joined, l].join('.').length <= max) joined.push(l);
  const base = joined.length > 0 ? joined.join('.') : labels[0].slice(0, max);
  // Half the time, one more label fills the name to exactly `max` characters.
  const room = max - base.length - 1;
  return fill && room >= 1 ? stringOf(room, LOWER_ALNUM, LABEL_INNER, LOWER_ALNUM).map((l) => `${base}.${l}`) : fc.constant(base);
});
const host = subdomain(253);
const IDENT_FIRST = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'];
const IDENT_REST = [...IDENT_FIRST, ...'0123456789$'];
/** A SQL identifier: up to 63 characters, starting with a letter or "_". */
const identifier = lengthUpTo(63).chain((n) => stringOf(n, IDENT_FIRST, IDENT_REST, IDENT_REST));
/**
 * A password: one line, any characters. The marker makes an echo detectable (a password of one
 * common letter would be "found" in every message).
 */
const PASSWORD_MARK = 'pw\u00a7';
const password = fc.string({ minLength: 0, maxLength: 60, unit: 'grapheme' }).filter((p) => !/[\r\n]/.test(p)).map((p) => `${PASSWORD_MARK}${p}`);
const TAG_FIRST = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'];
const TAG_REST = [...TAG_FIRST, '.', '-'];
/** An image tag: up to 128 characters. */
const tag = lengthUpTo(128).chain((n) => stringOf(n, TAG_FIRST, TAG_REST, TAG_REST));
const imageName = lengthUpTo(40).chain((n) => stringOf(n, LOWER_ALNUM, [...LOWER_ALNUM, '-'], LOWER_ALNUM));
const image = fc.tuple(fc.option(fc.constantFrom('ghcr.io/', 'registry.local:5000/', 'docker.io/library/'), { nil: undefined }), imageName, fc.option(tag, { nil: undefined }))
  .map(([registry, name, t]) => `${registry ?? ''}${name}${t ? `:${t}` : ''}`)
  .filter((ref) => ref.length <= 255);

const bernsteinProps: fc.Arbitrary<BernsteinChartProps> = fc.constantFrom(...PROFILES).chain((profile: Profile) => fc.record({
  credentials: fc.record({ user: identifier, password, database: identifier }),
  profile: fc.constant(profile),
  spreading: fc.constantFrom(...NODE_SPREADING_VALUES),
  pollHost: host,
  resultHost: host,
  images: fc.record({ redis: image, postgres: image, poll: image, worker: image, result: image }, { requiredKeys: [] }),
  // Each storage option only where the profile's storage gives it a meaning.
  dataNode: profileStorage(profile) === 'node-local' ? subdomain(63) : fc.constant(undefined),
  storageClassName: profileStorage(profile) === 'provisioned' ? subdomain(253) : fc.constant(undefined),
}, { requiredKeys: ['credentials', 'profile'] }));

/** The chart's objects as the checker's documents (YAML rendering is covered by the snapshot tests). */
function documentsOfFiles(files: readonly ManifestFile[]): ManifestDocument[] {
  return files.flatMap((f) => f.documents.map((content, index) => ({ file: f.fileName, index, content })));
}

function documentsOf(props: BernsteinChartProps): ManifestDocument[] {
  return documentsOfFiles(layoutChart(new BernsteinChart(new App({ outdir: 'unused' }), 'bernstein', props)));
}

function errorsOf(documents: readonly ManifestDocument[], k8s: string): string[] {
  return checkDocuments(documents, { k8s }).problems.filter((p) => p.severity === 'error').map((p) => `${p.file} ${p.object} ${p.field}: ${p.message}`);
}

test('the generators reach the real limits (not only short values)', () => {
  const sample = <T>(a: fc.Arbitrary<T>) => fc.sample(a, { numRuns: 200, seed: 7 });
  expect(Math.max(...sample(label).map((s) => s.length))).toBe(63);
  expect(Math.max(...sample(host).map((s) => s.length))).toBe(253);
  expect(Math.max(...sample(subdomain(63)).map((s) => s.length))).toBe(63);
  expect(Math.max(...sample(identifier).map((s) => s.length))).toBe(63);
  expect(Math.max(...sample(tag).map((s) => s.length))).toBe(128);
  const props = sample(bernsteinProps);
  expect(new Set(props.map((p) => p.profile))).toEqual(new Set(PROFILES));
  expect(new Set(props.map((p) => p.spreading).filter(Boolean))).toEqual(new Set(NODE_SPREADING_VALUES));
  expect(Object.keys(CREDENTIAL_VARIABLES).sort()).toEqual(STACKS.map((s) => s.name).sort());
  expect(new Set(stackRequests.map((r) => `${r.stack}/${r.profile}`))).toEqual(new Set(STACKS.flatMap((s) => s.profiles.map((p) => `${s.name}/${p}`))));
});

describe('random valid props', () => {
  test(`${VALID_RUNS} random Bernstein charts (every profile and spreading) synthesize schema-valid (1.27 and 1.33), reference-consistent output`, () => {
    fc.assert(fc.property(bernsteinProps, (props) => {
      const documents = documentsOf(props);
      expect(new Set(documents.map((d) => d.file)).size).toBeGreaterThanOrEqual(19);
      expect(errorsOf(documents, '1.27')).toEqual([]);
      expect(errorsOf(documents, '1.33')).toEqual([]);
    }), { numRuns: VALID_RUNS, seed: 20261122 });
  });

  test(`the oracle is not vacuous: ${ORACLE_RUNS} random charts with a dangling Service selector fail`, () => {
    fc.assert(fc.property(bernsteinProps, (props) => {
      const broken = documentsOf(props).map((d) => (d.file === 'poll.service.yaml'
        ? { ...d, content: { ...(d.content as object), spec: { ...((d.content as { spec: object }).spec), selector: { app: 'nobody' } } } }
        : d));
      expect(errorsOf(broken, '1.27').some((e) => e.startsWith('poll.service.yaml Service/default/poll'))).toBe(true);
    }), { numRuns: ORACLE_RUNS, seed: 20261125 });
  });

  test(`${STACK_RUNS} random builds of every stack and profile (credentials from the environment, spreading, storage flags) are schema-valid on 1.33`, () => {
    fc.assert(fc.property(stackRequest, (request) => {
      const result = synthesize(request);
      expect(result.files.length).toBeGreaterThan(0);
      expect(errorsOf(documentsOfFiles(result.files), '1.33')).toEqual([]);
      // What the environment set is what the stack read.
      expect(result.environmentUsed).toEqual(Object.keys(request.env).sort());
    }), { numRuns: STACK_RUNS, seed: 20261206 });
  });
});

/** Each stack's credential variables, and which of them are passwords. */
const CREDENTIAL_VARIABLES: Readonly<Record<string, ReadonlyArray<{ envVar: string; secret: boolean }>>> = Object.fromEntries(
  ([['bernstein', BERNSTEIN_DEV_CREDENTIALS], ['promotions', PROMOTIONS_DEV_CREDENTIALS], ['lifespan', LIFESPAN_DEV_CREDENTIALS], ['smack', {}]] as const)
    .map(([stack, sources]) => [stack, Object.values(sources as Record<string, { envVar: string; fileVariant?: boolean }>).map((s) => ({ envVar: s.envVar, secret: s.fileVariant === true }))]),
);

interface StackRequest {
  stack: string;
  profile: string;
  spreading: (typeof NODE_SPREADING_VALUES)[number];
  env: Record<string, string>;
  dataNode?: string;
  storageClass?: string;
}

const stackRequests = STACKS.flatMap((s) => s.profiles.map((profile) => ({ stack: s.name, profile, storage: s.storage(profile) })));

const stackRequest: fc.Arbitrary<StackRequest> = fc.constantFrom(...stackRequests).chain(({ stack, profile, storage }) => fc.record({
  stack: fc.constant(stack),
  profile: fc.constant(profile),
  spreading: fc.constantFrom(...NODE_SPREADING_VALUES),
  // Some variables set, the others left to their development defaults.
  env: fc.tuple(...CREDENTIAL_VARIABLES[stack].map((v) => fc.option(v.secret ? password : identifier, { nil: undefined })))
    .map((values) => Object.fromEntries(CREDENTIAL_VARIABLES[stack].flatMap((v, i) => (values[i] === undefined ? [] : [[v.envVar, values[i]!]])))),
  dataNode: storage === 'node-local' ? subdomain(63) : fc.constant(undefined),
  storageClass: storage === 'provisioned' ? subdomain(253) : fc.constant(undefined),
}, { requiredKeys: ['stack', 'profile', 'spreading', 'env'] }));

/** One bad value, and the prop the error must name. */
type Mutation = { prop: string; apply: (p: BernsteinChartProps) => BernsteinChartProps };

const tooLong = (limit: number, unit: fc.Arbitrary<string>) => fc.integer({ min: limit + 1, max: limit + 10 }).chain((n) => fc.string({ unit, minLength: n, maxLength: n }));
const badIdentifier = fc.oneof(
  fc.stringMatching(/^[0-9][a-z]{0,8}$/), fc.stringMatching(/^[a-z]{1,5}[- .][a-z]{1,5}$/), fc.constant(''),
  tooLong(63, fc.constantFrom('a', 'b', '_')),
);
const badHost = fc.oneof(
  fc.stringMatching(/^[A-Z][a-z]{0,8}\.io$/), fc.stringMatching(/^[a-z]{1,5}\.\.[a-z]{1,3}$/), fc.stringMatching(/^[a-z]{1,5}_[a-z]{1,5}$/),
  // Every label fine, the whole name one to ten characters too long.
  fc.integer({ min: 254, max: 263 }).map((n) => Array.from({ length: Math.ceil(n / 64) }, () => 'a'.repeat(63)).join('.').slice(0, n).replace(/\.$/, 'b')),
);
const badImage = fc.oneof(fc.stringMatching(/^[A-Z][a-z]{0,8}$/), fc.stringMatching(/^[a-z]{1,5} [a-z]{1,5}$/), fc.stringMatching(/^[a-z]{1,5}:$/), fc.constant(`app:${'t'.repeat(129)}`));
/** An empty password, or one of several lines: it carries the marker, so an echo would show. */
const badPassword = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z]{0,5}\n[a-z]{0,5}$/).map((p) => `${PASSWORD_MARK}${p}`));
const badChoice = fc.stringMatching(/^[a-z]{1,10}$/).filter((s) => ![...PROFILES, ...NODE_SPREADING_VALUES].includes(s as never));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  badIdentifier.map((v): Mutation => ({ prop: 'credentials.user', apply: (p) => ({ ...p, credentials: { ...p.credentials, user: v } }) })),
  badIdentifier.map((v): Mutation => ({ prop: 'credentials.database', apply: (p) => ({ ...p, credentials: { ...p.credentials, database: v } }) })),
  badPassword.map((v): Mutation => ({ prop: 'credentials.password', apply: (p) => ({ ...p, credentials: { ...p.credentials, password: v } }) })),
  badHost.map((v): Mutation => ({ prop: 'pollHost', apply: (p) => ({ ...p, pollHost: v }) })),
  badHost.map((v): Mutation => ({ prop: 'resultHost', apply: (p) => ({ ...p, resultHost: v }) })),
  badImage.map((v): Mutation => ({ prop: 'images.poll', apply: (p) => ({ ...p, images: { ...p.images, poll: v } }) })),
  badImage.map((v): Mutation => ({ prop: 'images.postgres', apply: (p) => ({ ...p, images: { ...p.images, postgres: v } }) })),
  // Untyped callers (JavaScript, JSON) can pass any string; the casts stand for them.
  badChoice.map((v): Mutation => ({ prop: 'profile', apply: (p) => ({ ...p, profile: v as 'spec', dataNode: undefined, storageClassName: undefined }) })),
  badChoice.map((v): Mutation => ({ prop: 'spreading', apply: (p) => ({ ...p, spreading: v as 'required' }) })),
);

describe('random invalid props', () => {
  test(`${INVALID_RUNS} random invalid props are rejected with a message naming the prop, and no password is ever echoed`, () => {
    fc.assert(fc.property(bernsteinProps, mutation, (props, bad) => {
      let error: unknown;
      try {
        documentsOf(bad.apply(props));
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ValidationError);
      const problems = (error as ValidationError).problems;
      // Chart props are the chart's to check, credentials the Postgres construct's.
      const owner = bad.prop.startsWith('credentials.') ? 'Postgres postgres' : 'BernsteinChart';
      expect(problems.some((m) => m.includes(`${owner}: ${bad.prop}`))).toBe(true);
      // Neither the valid password nor a bad one (which carries the marker too) appears.
      for (const m of [...problems, (error as Error).message]) expect(m).not.toContain(PASSWORD_MARK);
    }), { numRuns: INVALID_RUNS, seed: 20261123 });
  });

  test(`${INVALID_RUNS} random invalid environments and storage flags of every stack are refused naming the variable or flag, never echoing a password`, () => {
    const badRequest = stackRequest.chain((request) => {
      const variables = CREDENTIAL_VARIABLES[request.stack];
      const storageFlag = request.dataNode !== undefined
        ? fc.oneof(tooLong(63, fc.constantFrom('a', 'b')), fc.stringMatching(/^[A-Z][a-z]{0,8}$/)).map((v) => ({ named: '--data-node', request: { ...request, dataNode: v } }))
        : fc.oneof(badHost, fc.stringMatching(/^[a-z]{1,5}_[a-z]{1,5}$/)).map((v) => ({ named: '--storage-class', request: { ...request, storageClass: v } }));
      const credential = variables.length === 0 ? [] : [fc.constantFrom(...variables).chain((v) => (v.secret ? badPassword : badIdentifier)
        .map((value) => ({ named: v.envVar, request: { ...request, env: { ...request.env, [v.envVar]: value } } })))];
      return fc.oneof(storageFlag, ...credential);
    });
    fc.assert(fc.property(badRequest, ({ named, request }) => {
      let message: string | undefined;
      try {
        synthesize(request);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toContain(named);
      expect(message).not.toContain(PASSWORD_MARK);
    }), { numRuns: INVALID_RUNS, seed: 20261207 });
  });

  test(`${FOLDER_RUNS} failed synths leave the previous folder byte-identical and no partial folder`, () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-folder-'));
    try {
      const outdir = path.join(parent, 'dist');
      synthesizeTo(outdir, { env: {} });
      const before = Object.fromEntries(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f))]));
      expect(Object.keys(before).length).toBe(19);
      fc.assert(fc.property(badIdentifier, fc.constantFrom('POSTGRES_USER', 'POSTGRES_DB'), (value, variable) => {
        expect(() => synthesizeTo(outdir, { env: { [variable]: value } })).toThrow(ValidationError);
        expect(fs.readdirSync(parent)).toEqual(['dist']);
      }), { numRuns: FOLDER_RUNS, seed: 20261124 });
      const after = Object.fromEntries(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f))]));
      expect(after).toEqual(before);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
