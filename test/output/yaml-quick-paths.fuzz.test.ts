// Property-based tests of the two quick YAML paths against the yaml library itself: whatever
// blockYaml writes is cdk8s's text, and whatever readBlockYaml reads is yaml's reading, for random
// values built from the characters YAML gives meaning to, and for texts broken at random places
// (where the quick reader must step aside whenever yaml finds an error). `npm run test:fuzz`.
import fc from 'fast-check';
import { Yaml } from 'cdk8s';
import { LineCounter, parseAllDocuments } from 'yaml';
import { readBlockYaml } from '../../src/manifests/block-yaml-read';
import { YAML_OPTIONS } from '../../src/manifests/load';
import { blockYaml } from '../../src/output/block-yaml';

export const VALUE_RUNS = 3000;
export const TEXT_RUNS = 3000;

const MEANINGFUL = [...'ay0n1o.-:#"\' ~_+e{}[]&*!|>%@`,?\\\n\té<'];
const text = fc.string({ unit: fc.constantFrom(...MEANINGFUL), maxLength: 8 });
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('on', 'y', '0775', '1:30', '2001-12-14', '<<', '---', '- a', 'a: b'));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 4 }),
  object: fc.dictionary(text, tie('node'), { maxKeys: 4 }),
})).node;

/** yaml's reading of non-empty documents, or 'error' when yaml reports one. */
function yamlReading(source: string): unknown {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(source, { ...YAML_OPTIONS, lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.some((doc) => doc.errors.length > 0)) return 'error';
  return list.flatMap((doc, index): { index: number; line?: number; content: unknown }[] => {
    let content: unknown;
    try {
      content = doc.toJS();
    } catch {
      return [{ index, content: 'error' }];
    }
    if (content === null || content === undefined || doc.contents === null) return [];
    return [{ index, line: lineCounter.linePos(doc.contents.range?.[0] ?? doc.range[0]).line, content }];
  });
}

const quickReading = (source: string) => readBlockYaml(source, YAML_OPTIONS)?.filter((d) => d.content !== null);

test('blockYaml writes cdk8s’s bytes whenever it answers', () => {
  let answered = 0;
  fc.assert(fc.property(value, (v) => {
    const quick = blockYaml(v);
    if (quick === undefined) return;
    answered++;
    expect(quick).toBe(Yaml.stringify(v));
  }), { numRuns: VALUE_RUNS, seed: 20261206 });
  expect(answered).toBeGreaterThan(VALUE_RUNS / 4);
});

test('readBlockYaml reads what yaml reads in written streams', () => {
  let answered = 0;
  fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), (values) => {
    const source = values.map((v) => `---\n${Yaml.stringify(v)}`).join('');
    const quick = quickReading(source);
    if (quick === undefined) return;
    answered++;
    expect(JSON.stringify(quick)).toBe(JSON.stringify(yamlReading(source)));
  }), { numRuns: VALUE_RUNS, seed: 20261207 });
  expect(answered).toBeGreaterThan(VALUE_RUNS / 4);
});

test('readBlockYaml steps aside for broken texts and reads the rest as yaml does', () => {
  let answered = 0;
  const broken = fc.tuple(value, fc.nat(), fc.constantFrom(...MEANINGFUL, '  ', '- ', ': ', '---\n', '\n  ', '\n- ', '\n# note\n', '\n\n', '\n    # x\n', ' # x', '\n---\n# only\n')).map(([v, at, insert]) => {
    const source = `---\n${Yaml.stringify(v)}`;
    const where = at % (source.length + 1);
    return source.slice(0, where) + insert + source.slice(where);
  });
  fc.assert(fc.property(broken, (source) => {
    const quick = quickReading(source);
    if (quick === undefined) return;
    answered++;
    expect(JSON.stringify(quick)).toBe(JSON.stringify(yamlReading(source)));
  }), { numRuns: TEXT_RUNS, seed: 20261208 });
  expect(answered).toBeGreaterThan(TEXT_RUNS / 10);
});
