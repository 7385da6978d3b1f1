import { Yaml } from 'cdk8s';
import { STACKS } from '../../src/charts/stacks';
import { blockYaml } from '../../src/output/block-yaml';
import { synthesize } from '../../src/synth';

// The quick writer must give cdk8s's bytes (Yaml.stringify: yaml 1.1, lineWidth 0) whenever it
// answers, and answer for the manifests we write, or it saves nothing.

/** What cdk8s writes for one document. */
const cdk8sYaml = (value: unknown): string => Yaml.stringify(value);

describe('blockYaml on every document our stacks write', () => {
  const documents = STACKS.flatMap((stack) => stack.profiles.flatMap((profile) => stack.routings(profile).flatMap((routing) =>
    synthesize({ stack: stack.name, profile, routing, env: {} }).files.flatMap((f) => f.documents.map((doc) => ({ where: `${stack.name}/${profile}/${routing}/${f.fileName}`, doc }))))));

  test('gives cdk8s’s bytes for each document it answers', () => {
    const different = documents.filter(({ doc }) => {
      const quick = blockYaml(doc);
      return quick !== undefined && quick !== cdk8sYaml(doc);
    }).map(({ where }) => where);
    expect(different).toEqual([]);
  });

  test('answers for all but the documents holding multi-line or non-ASCII text', () => {
    const unanswered = documents.filter(({ doc }) => blockYaml(doc) === undefined);
    const plainOnly = unanswered.filter(({ doc }) => !/\\n|[^\x20-\x7e]/.test(JSON.stringify(doc)));
    expect(plainOnly.map(({ where }) => where)).toEqual([]);
    expect(documents.length).toBeGreaterThan(200);
    expect(unanswered.length).toBeLessThan(documents.length / 4);
  });
});

describe('blockYaml scalars', () => {
  // Each string as a value, a sequence item and a key, against cdk8s's own writer.
  const strings = [
    'plain', 'redis:7.4', 'app.kubernetes.io/name', 'a#b', 'a"b', "it's", 'say "hi"', 'http://x:80/path', '256Mi', '0.5', '100m', 'e1',
    // YAML 1.1 reads these as booleans, null, numbers or timestamps: quoted.
    'on', 'Off', 'yes', 'NO', 'y', 'n', 'true', 'False', 'null', '~', '', '5432', '0775', '0x1F', '0b101', '+1', '-1', '1_000', '1:30', '190:20:30', '1.5', '.5', '1e3', '.inf', '-.Inf', '.nan', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<',
    // Indicators and separators yaml never writes plain.
    '- a', '-', '?', '? a', 'a: b', 'key:', 'a #b', '#x', '*x', '&x', '!x', '%x', '@x', '`x', '|x', '>x', '[x', ']x', '{x', '}x', ',x', "'x", '"x', ' lead', 'trail ', 'a\\b',
    // Indicators and markers inside or at the end of a string are text: plain.
    'a-', 'why?', 'a- b', 'why? no', 'x%y', 'a---b', 'a...b', 'v1.2.3-rc.1',
  ];
  test('each string, as a value, an item and a key, is written as cdk8s writes it', () => {
    const different = strings.flatMap((text) => [{ key: text }, [text], { [text]: 1 }, { outer: [{ [text]: [text] }] }]
      .filter((doc) => {
        const quick = blockYaml(doc);
        return quick !== undefined && quick !== cdk8sYaml(doc);
      }));
    expect(different).toEqual([]);
    // Only a directive's start is left to yaml (it changes how yaml indents).
    expect(strings.filter((text) => blockYaml({ key: text }) === undefined)).toEqual(['%x']);
  });

  test('quotes what a YAML 1.1 reader would not read back as the same string', () => {
    expect(blockYaml({ a: 'on', b: 'y', c: '0775', d: '', e: '1:30', f: '- x', g: 'k: v', h: 'x #y', i: 'end:' }))
      .toBe('a: "on"\nb: "y"\nc: "0775"\nd: ""\ne: "1:30"\nf: "- x"\ng: "k: v"\nh: "x #y"\ni: "end:"\n');
    expect(blockYaml({ 'on': 1, n: 2, '8080': 3 })).toBe('"8080": 3\n"on": 1\n"n": 2\n');
    // yaml writes the merge key plain, and so does the quick path (the bytes are the contract).
    expect(blockYaml({ '<<': '<<' })).toBe('<<: <<\n');
    expect(blockYaml(['"q', "'q", "it's", 'a"b'])).toBe(`- '"q'\n- "'q"\n- it's\n- a"b\n`);
  });

  test('writes other scalars as yaml does', () => {
    expect(blockYaml({ none: null, t: true, f: false, z: 0, neg: -7, big: 9007199254740991 })).toBe('none: null\nt: true\nf: false\nz: 0\nneg: -7\nbig: 9007199254740991\n');
    expect(blockYaml('top')).toBe('top\n');
    expect(blockYaml(42)).toBe('42\n');
  });

  test.each([
    ['a multi-line string', { a: 'x\ny' }],
    ['a non-ASCII string', { a: 'café' }],
    ['a tab', { a: 'a\tb' }],
    ['a quoted string with a backslash', { a: 'a: \\b' }],
    ['a quoted string with both quotes', { a: `- "it's"` }],
    ['a document marker', { a: '--- x' }],
    ['a directive', ['%YAML']],
    ['a fraction', { a: 1.5 }],
    ['minus zero', { a: -0 }],
    ['an unsafe integer', { a: 2 ** 60 }],
    ['undefined', { a: undefined }],
    ['a Date', { a: new Date(0) }],
    ['a Map', { a: new Map([['k', 'v']]) }],
    ['an object with toJSON', { a: { toJSON: () => 'x' } }],
    ['an object met twice', (() => { const shared = { k: 'v' }; return { a: shared, b: shared }; })()],
    ['a key longer than 1024 characters', { ['k'.repeat(1025)]: 1 }],
  ])('leaves %s to yaml', (_what, doc) => {
    expect(blockYaml(doc)).toBeUndefined();
  });

  test('a map without a prototype is written like any map; a plain object with a hidden toJSON is left to yaml', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: ['x'] });
    expect(blockYaml(bare)).toBe('a: 1\nb:\n  - x\n');
    expect(cdk8sYaml(bare)).toBe('a: 1\nb:\n  - x\n');
    const hidden = Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'x', enumerable: false });
    expect(blockYaml(hidden)).toBeUndefined();
  });

  test('only its own refusal sends a value to yaml: an error of the value itself (a getter that throws) goes to the caller', () => {
    const broken = { get a(): string { throw new Error('boom'); } };
    expect(() => blockYaml(broken)).toThrow('boom');
  });

  test('a long key yaml still writes implicitly is answered', () => {
    const doc = { ['k'.repeat(1024)]: 1 };
    expect(blockYaml(doc)).toBe(cdk8sYaml(doc));
  });
});

describe('blockYaml collections', () => {
  const cases: [string, unknown, string][] = [
    ['a map in a map', { a: { b: 1, c: { d: 'x' } } }, 'a:\n  b: 1\n  c:\n    d: x\n'],
    ['a sequence in a map, indented', { a: [1, 2] }, 'a:\n  - 1\n  - 2\n'],
    ['maps in a sequence, first key on the dash line', [{ a: 1, b: [{ c: 2, d: 3 }] }], '- a: 1\n  b:\n    - c: 2\n      d: 3\n'],
    ['sequences in a sequence', [[1, [2, 3]], []], '- - 1\n  - - 2\n    - 3\n- []\n'],
    ['empty collections in flow style', { a: {}, b: [], c: [{}, []] }, 'a: {}\nb: []\nc:\n  - {}\n  - []\n'],
    ['an empty map alone', {}, '{}\n'],
    ['an empty sequence alone', [], '[]\n'],
    ['the same scalar twice', { a: 'v', b: 'v' }, 'a: v\nb: v\n'],
  ];
  test.each(cases)('%s', (_what, doc, text) => {
    expect(blockYaml(doc)).toBe(text);
    expect(cdk8sYaml(doc)).toBe(text);
  });
});
