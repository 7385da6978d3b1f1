// Property-based tests: random valid props give schema-valid, reference-consistent manifests;
// random invalid props are all rejected with a message naming the prop, and never leave a
// partial output folder.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { App } from 'cdk8s';
import { BernsteinChart, BernsteinChartProps } from '../../src/charts/bernstein-chart';
import { layoutChart } from '../../src/output/layout';
import { synthesizeTo } from '../../src/synth';
import { ValidationError } from '../../src/validation/prop-checker';
import { checkDocuments, ManifestDocument } from '../../src/checker';

export const VALID_RUNS = 200;
export const ORACLE_RUNS = 25;
export const INVALID_RUNS = 300;
export const FOLDER_RUNS = 100;

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_$]{0,20}$/);
const password = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((p) => !/[\r\n]/.test(p));
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,15}$/);
const image = fc.tuple(fc.option(fc.constantFrom('ghcr.io/', 'registry.local:5000/', 'docker.io/library/'), { nil: undefined }), label, fc.option(tag, { nil: undefined }))
  .map(([registry, name, t]) => `${registry ?? ''}${name}${t ? `:${t}` : ''}`);

const validProps: fc.Arbitrary<BernsteinChartProps> = fc.record({
  credentials: fc.record({ user: identifier, password, database: identifier }),
  profile: fc.constantFrom('spec' as const, 'modern' as const),
  spreading: fc.constantFrom('required' as const, 'preferred' as const),
  pollHost: host,
  resultHost: host,
  images: fc.record({ redis: image, postgres: image, poll: image, worker: image, result: image }, { requiredKeys: [] }),
});

/** The chart's objects as the checker's documents (YAML rendering is covered by the snapshot tests). */
function documentsOf(props: BernsteinChartProps): ManifestDocument[] {
  const chart = new BernsteinChart(new App({ outdir: 'unused' }), 'bernstein', props);
  return layoutChart(chart).flatMap((f) => f.documents.map((content, index) => ({ file: f.fileName, index, content })));
}

function errorsOf(documents: readonly ManifestDocument[], k8s: string): string[] {
  return checkDocuments(documents, { k8s }).problems.filter((p) => p.severity === 'error').map((p) => `${p.file} ${p.object} ${p.field}: ${p.message}`);
}

describe('random valid props', () => {
  test(`${VALID_RUNS} random charts synthesize schema-valid (1.27 and 1.33), reference-consistent output`, () => {
    fc.assert(fc.property(validProps, (props) => {
      const documents = documentsOf(props);
      expect(new Set(documents.map((d) => d.file)).size).toBe(19);
      expect(errorsOf(documents, '1.27')).toEqual([]);
      expect(errorsOf(documents, '1.33')).toEqual([]);
    }), { numRuns: VALID_RUNS, seed: 20261122 });
  });

  test(`the oracle is not vacuous: ${ORACLE_RUNS} random charts with a dangling Service selector fail`, () => {
    fc.assert(fc.property(validProps, (props) => {
      const broken = documentsOf(props).map((d) => (d.file === 'poll.service.yaml'
        ? { ...d, content: { ...(d.content as object), spec: { ...((d.content as { spec: object }).spec), selector: { app: 'nobody' } } } }
        : d));
      expect(errorsOf(broken, '1.27').some((e) => e.startsWith('poll.service.yaml Service/default/poll'))).toBe(true);
    }), { numRuns: ORACLE_RUNS, seed: 20261125 });
  });
});

/** One bad value, and the prop the error must name. */
type Mutation = { prop: string; apply: (p: BernsteinChartProps) => BernsteinChartProps };

const badIdentifier = fc.oneof(fc.stringMatching(/^[0-9][a-z]{0,8}$/), fc.stringMatching(/^[a-z]{1,5}[- .][a-z]{1,5}$/), fc.constant(''));
const badHost = fc.oneof(fc.stringMatching(/^[A-Z][a-z]{0,8}\.io$/), fc.stringMatching(/^[a-z]{1,5}\.\.[a-z]{1,3}$/), fc.stringMatching(/^[a-z]{1,5}_[a-z]{1,5}$/));
const badImage = fc.oneof(fc.stringMatching(/^[A-Z][a-z]{0,8}$/), fc.stringMatching(/^[a-z]{1,5} [a-z]{1,5}$/), fc.stringMatching(/^[a-z]{1,5}:$/));
const badPassword = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z]{0,5}\n[a-z]{0,5}$/));
const badChoice = fc.stringMatching(/^[a-z]{1,10}$/).filter((s) => !['spec', 'modern', 'required', 'preferred'].includes(s));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  badIdentifier.map((v): Mutation => ({ prop: 'credentials.user', apply: (p) => ({ ...p, credentials: { ...p.credentials, user: v } }) })),
  badIdentifier.map((v): Mutation => ({ prop: 'credentials.database', apply: (p) => ({ ...p, credentials: { ...p.credentials, database: v } }) })),
  badPassword.map((v): Mutation => ({ prop: 'credentials.password', apply: (p) => ({ ...p, credentials: { ...p.credentials, password: v } }) })),
  badHost.map((v): Mutation => ({ prop: 'pollHost', apply: (p) => ({ ...p, pollHost: v }) })),
  badHost.map((v): Mutation => ({ prop: 'resultHost', apply: (p) => ({ ...p, resultHost: v }) })),
  badImage.map((v): Mutation => ({ prop: 'images.poll', apply: (p) => ({ ...p, images: { ...p.images, poll: v } }) })),
  badImage.map((v): Mutation => ({ prop: 'images.postgres', apply: (p) => ({ ...p, images: { ...p.images, postgres: v } }) })),
  // Untyped callers (JavaScript, JSON) can pass any string; the casts stand for them.
  badChoice.map((v): Mutation => ({ prop: 'profile', apply: (p) => ({ ...p, profile: v as 'spec' }) })),
  badChoice.map((v): Mutation => ({ prop: 'spreading', apply: (p) => ({ ...p, spreading: v as 'required' }) })),
);

describe('random invalid props', () => {
  test(`${INVALID_RUNS} random invalid props are rejected with a message naming the prop`, () => {
    fc.assert(fc.property(validProps, mutation, (props, bad) => {
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
      // The password is never echoed (an empty one has nothing to echo).
      if (bad.prop !== 'credentials.password') {
        for (const m of problems) expect(m).not.toContain(props.credentials.password);
      }
    }), { numRuns: INVALID_RUNS, seed: 20261123 });
  });

  test(`${FOLDER_RUNS} failed synths leave the previous folder byte-identical and no partial folder`, () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-folder-'));
    const outdir = path.join(parent, 'dist');
    synthesizeTo(outdir, { env: {} });
    const before = Object.fromEntries(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]));
    fc.assert(fc.property(badIdentifier, fc.constantFrom('POSTGRES_USER', 'POSTGRES_DB'), (value, variable) => {
      expect(() => synthesizeTo(outdir, { env: { [variable]: value } })).toThrow(ValidationError);
      expect(fs.readdirSync(parent)).toEqual(['dist']);
    }), { numRuns: FOLDER_RUNS, seed: 20261124 });
    const after = Object.fromEntries(fs.readdirSync(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]));
    expect(after).toEqual(before);
  });
});
