// `--image COMPONENT=REF`: every stack's images, replaced through the stack definition, change
// exactly the image lines of the components named, and the placeholders are known as data.
import * as fs from 'fs';
import * as path from 'path';
import { parseImageFlags, STACKS } from '../../src/charts/stacks';
import { placeholdersIn, synthesize, variantsOf } from '../../src/synth';

// Each stack and profile is synthesized once for the whole file.
const built = new Map<string, ReturnType<typeof synthesize>>();
const canonicalOf = (stack: string, profile?: string) => {
  const key = `${stack}/${profile ?? ''}`;
  if (!built.has(key)) built.set(key, synthesize({ stack, profile, env: {} }));
  return built.get(key)!;
};
const objectsOf = (result: ReturnType<typeof synthesize>) => result.files.flatMap((f) => f.documents.map((body) => ({ file: f.fileName, body })));
const imagesOf = (result: ReturnType<typeof synthesize>) =>
  result.files.flatMap((f) => f.documents.flatMap((d) => {
    const pod = (d as { spec?: { template?: { spec?: { containers?: { image: string }[] } } } }).spec?.template?.spec;
    return (pod?.containers ?? []).map((c) => `${f.fileName} ${c.image}`);
  }));

describe('placeholder images are marked where each stack defines its images', () => {
  test('the placeholders are the seeds\' own applications, nothing else', () => {
    const placeholders = STACKS.flatMap((s) => s.images.filter((i) => i.placeholder).map((i) => `${s.name} ${i.component}=${i.reference}`));
    expect(placeholders).toEqual([
      'promotions api=promotions/api:latest',
      'promotions logger=promotions/logger:latest',
      'lifespan backend=lifespan/backend:latest',
      'lifespan frontend=lifespan/frontend:latest',
      'smack ingest=smack/ingest:latest',
    ]);
  });

  test.each(STACKS.flatMap((s) => s.profiles.map((p) => [s.name, p] as const)))('%s %s: the output runs each placeholder in its component\'s Deployment', (stack, profile) => {
    const result = canonicalOf(stack, profile);
    const found = placeholdersIn(result.stack, objectsOf(result)).map((u) => `${u.image.component}: ${u.files.join(', ')}`);
    const expected: Record<string, string[]> = {
      bernstein: [],
      promotions: ['api: promotions.deployment.yaml', 'logger: logger.deployment.yaml'],
      lifespan: ['backend: backend.deployment.yaml', 'frontend: frontend.deployment.yaml'],
      smack: ['ingest: ingest.deployment.yaml'],
    };
    expect(found).toEqual(expected[stack]);
  });
});

describe.each(STACKS.flatMap((s) => s.profiles.map((p) => [s.name, p] as const)))('--image on %s %s', (stack, profile) => {
  const canonical = canonicalOf(stack, profile);
  const overrides = Object.fromEntries(canonical.stack.images.map((i) => [i.component, `registry.example.com:5000/${stack}/${i.component}:9.9`]));
  const replaced = synthesize({ stack, profile, env: {}, images: overrides });

  test('every component runs the image given, and nothing else in any file changes', () => {
    const defaults = Object.fromEntries(canonical.stack.images.map((i) => [i.component, i.reference]));
    expect([...replaced.rendered.keys()]).toEqual([...canonical.rendered.keys()]);
    const changed: string[] = [];
    for (const [file, text] of replaced.rendered) {
      let back = text;
      for (const [component, reference] of Object.entries(overrides)) {
        if (back.includes(`image: ${reference}\n`)) changed.push(`${file} ${component}`);
        back = back.split(`image: ${reference}\n`).join(`image: ${defaults[component]}\n`);
      }
      expect(back).toBe(canonical.rendered.get(file));
    }
    // Each override lands in at least one file, and only where its default image was.
    expect(new Set(changed.map((c) => c.split(' ')[1]))).toEqual(new Set(Object.keys(overrides)));
    const before = imagesOf(canonical);
    expect(imagesOf(replaced).filter((line) => !before.includes(line)).length).toBe(changed.length);
  });

  test('the output is the custom-images variant and runs no placeholder', () => {
    expect(variantsOf({ images: overrides }, replaced)).toEqual(['custom-images']);
    expect(placeholdersIn(replaced.stack, objectsOf(replaced))).toEqual([]);
  });
});

describe('--image values are checked against the stack', () => {
  const promotions = STACKS.find((s) => s.name === 'promotions')!;

  test('well-formed values become component → reference', () => {
    expect(parseImageFlags(promotions, ['api=registry.example.com/promotions-api:1.2', 'logger=r.io/l@sha256:' + 'a'.repeat(64)])).toEqual({
      images: { api: 'registry.example.com/promotions-api:1.2', logger: `r.io/l@sha256:${'a'.repeat(64)}` },
      problems: [],
    });
  });

  test('an unknown component is refused naming the likely one and every allowed name', () => {
    expect(parseImageFlags(promotions, ['apii=x']).problems).toEqual(['--image apii=x: stack "promotions" has no component "apii" (did you mean "api"?); allowed: api, logger, mongodb']);
    expect(parseImageFlags(promotions, ['frontend=x']).problems).toEqual(['--image frontend=x: stack "promotions" has no component "frontend"; allowed: api, logger, mongodb']);
  });

  test('every problem at once: no "=", twice the same component, a malformed reference', () => {
    const { problems } = parseImageFlags(promotions, ['api', 'logger=a:1', 'logger=b:2', 'mongodb=Mongo:7']);
    expect(problems).toEqual([
      '--image "api": expected COMPONENT=REF, e.g. --image api=registry.example.com/api:1.0; components of stack "promotions": api, logger, mongodb',
      '--image logger is given twice (a:1, b:2); allowed: one --image per component',
      expect.stringMatching(/^--image mongodb=Mongo:7: the path component "Mongo" is not lower-case .*; allowed: an image reference \[registry\[:port\]\/\]path\[:tag\]\[@algorithm:hex\]/),
    ]);
  });

  test('synthesize refuses what the flags would refuse', () => {
    expect(() => synthesize({ stack: 'smack', images: { ingets: 'x' } })).toThrow('--image ingets=x: stack "smack" has no component "ingets" (did you mean "ingest"?); allowed: kafka, cassandra, spark, ingest');
  });
});

describe('docs/stacks.md says what each placeholder image must provide, as the charts write it', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/stacks.md'), 'utf8');
  const cases = STACKS.flatMap((s) => s.images.filter((i) => i.placeholder).map((i) => [s.name, i.component] as const));

  test.each(cases)('%s %s: its port, health check and every variable it reads', (stack, component) => {
    const result = canonicalOf(stack, 'spec');
    const row = doc.split('\n').find((line) => line.startsWith(`| ${stack} | \`${component}\` |`));
    expect(row).toBeDefined();
    const reference = result.stack.images.find((i) => i.component === component)!.reference;
    type Probe = { httpGet?: { path: string }; tcpSocket?: { port: number } };
    type Container = { image: string; ports?: { containerPort: number }[]; env?: { name: string }[]; readinessProbe?: Probe };
    const found = result.files.flatMap((f) => f.documents).flatMap((d) => ((d as { spec?: { template?: { spec?: { containers?: Container[] } } } }).spec?.template?.spec?.containers ?? []).filter((c) => c.image === reference));
    expect(found).toHaveLength(1);
    const [container] = found;
    for (const port of container.ports ?? []) expect(row).toContain(`${port.containerPort} (`);
    const probe = container.readinessProbe!;
    expect(row).toContain(probe.httpGet ? `\`GET ${probe.httpGet.path}\`` : `TCP connect on ${probe.tcpSocket!.port}`);
    const variables = (container.env ?? []).map((e) => e.name);
    expect(variables.length).toBeGreaterThan(0);
    for (const variable of variables) expect(row).toContain(variable);
    expect(doc).toContain(`npm run deploy -- --stack ${stack} `);
    expect(doc).toMatch(new RegExp(`npm run deploy -- --stack ${stack} .*--image ${component}=registry\\.example\\.com/`));
  });
});
