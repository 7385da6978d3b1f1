import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { readBlockYaml } from '../../src/manifests/block-yaml-read';
import { YAML_OPTIONS } from '../../src/manifests/load';
import { blockYaml } from '../../src/output/block-yaml';

// The quick reader must give yaml's values (and document indexes and lines) whenever it answers,
// and answer for the block YAML manifests are written in, or it saves nothing.

const ROOT = path.join(__dirname, '..', '..');

/** yaml's own reading, as the manifest loader did before the quick path: non-empty documents only. */
function yamlReading(text: string): { index: number; line: number; content: unknown }[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) if (doc.errors.length > 0) throw new Error(`yaml: ${doc.errors[0].message}`);
  return list.flatMap((doc, index) => {
    const content: unknown = doc.toJS();
    if (content === null || content === undefined || doc.contents === null) return [];
    return [{ index, line: lineCounter.linePos(doc.contents.range?.[0] ?? doc.range[0]).line, content }];
  });
}

const quickReading = (text: string) => readBlockYaml(text, YAML_OPTIONS)?.filter((d) => d.content !== null);

describe('readBlockYaml on every committed manifest', () => {
  const files = fs.readdirSync(ROOT).filter((d) => /^dist(-|$)/.test(d)).sort()
    .flatMap((dir) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).map((f) => path.join(dir, f)));

  test('reads each one, to yaml’s values', () => {
    expect(files.length).toBeGreaterThan(150);
    const unread: string[] = [];
    const different: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
      const quick = quickReading(text);
      if (quick === undefined) unread.push(file);
      else if (JSON.stringify(quick) !== JSON.stringify(yamlReading(text))) different.push(file);
    }
    expect(different).toEqual([]);
    // Only files holding multi-line text (SQL, configuration files, scripts) need yaml's reader.
    const plain = unread.filter((f) => !/: [|>]/.test(fs.readFileSync(path.join(ROOT, f), 'utf-8')));
    expect(plain).toEqual([]);
    expect(unread.length).toBeLessThan(files.length / 5);
  });
});

describe('readBlockYaml on hand-made texts', () => {
  const answered: [string, string, unknown[]][] = [
    ['a map', 'a: 1\nb: x\n', [{ index: 0, line: 1, content: { a: 1, b: 'x' } }]],
    ['YAML 1.1 scalars, as kubectl reads them', 'a: on\nb: no\nc: 0755\nd: 0x1F\ne: 1:30\nf: ~\ng: 1.5\nh: .inf\ni: 2001-12-14\nj: "on"\nk: \'it\'\'s\'\nl: 1_000\nm: -7\np: +3\n',
      [{ index: 0, line: 1, content: { a: true, b: false, c: 493, d: 31, e: 90, f: null, g: 1.5, h: Infinity, i: '2001-12-14', j: 'on', k: "it's", l: 1000, m: -7, p: 3 } }]],
    ['keys resolved, then stringified as yaml does', '8080: a\ntrue: b\n~: c\n"x y": d\nn: e\n0x10: f\n', [{ index: 0, line: 1, content: { 8080: 'a', true: 'b', '': 'c', 'x y': 'd', false: 'e', 16: 'f' } }]],
    ['nested blocks', 'a:\n  b:\n    - c: 1\n      d:\n        - x\n        - - w\n          - z\n    - []\n  e: {}\n', [{ index: 0, line: 1, content: { a: { b: [{ c: 1, d: ['x', ['w', 'z']] }, []], e: {} } } }]],
    ['an empty value', 'a:\nb: 1\n', [{ index: 0, line: 1, content: { a: null, b: 1 } }]],
    ['documents, empty ones counted', '---\n---\na: 1\n---\n- 2\n', [{ index: 1, line: 3, content: { a: 1 } }, { index: 2, line: 5, content: [2] }]],
    ['a first document without ---', 'a: 1\n---\nb: 2', [{ index: 0, line: 1, content: { a: 1 } }, { index: 1, line: 3, content: { b: 2 } }]],
    ['a scalar document', '---\nplain\n', [{ index: 0, line: 2, content: 'plain' }]],
    ['inherited key names', 'toString: a\n__proto__: b\n', [{ index: 0, line: 1, content: JSON.parse('{"toString":"a","__proto__":"b"}') }]],
    ['colons and hashes inside plain text', 'image: redis:7.4\nurl: http://a:80/x#y\n', [{ index: 0, line: 1, content: { image: 'redis:7.4', url: 'http://a:80/x#y' } }]],
    // Helm's output: a comment naming the template, blank lines between objects.
    ['comment lines and blank lines, at any indentation', '---\n# Source: shop/templates/api.yaml\napi:\n# between\n  b: 1\n\n    # deeper\n  c: 2\n\n', [{ index: 0, line: 3, content: { api: { b: 1, c: 2 } } }]],
    ['comments before the first ---, no document of their own', '# c\n\n---\na: 1\n', [{ index: 0, line: 4, content: { a: 1 } }]],
    ['a document of comments only, counted', 'a: 1\n# c\n---\n# only\n---\nb: 2\n', [{ index: 0, line: 1, content: { a: 1 } }, { index: 2, line: 6, content: { b: 2 } }]],
    ['a trailing --- opening an empty last document', 'a: 1\n---\n', [{ index: 0, line: 1, content: { a: 1 } }]],
    // Indicators only start something at the start of a scalar; inside it they are text.
    ['dashes and dots inside plain text', 'a: x - y\nb: x---y\nc: x...y\nd: -x\n', [{ index: 0, line: 1, content: { a: 'x - y', b: 'x---y', c: 'x...y', d: '-x' } }]],
    ['a quote ending a plain scalar', 'a: x\'\nb: y"\nc\': 1\nd": 2\n', [{ index: 0, line: 1, content: { a: "x'", b: 'y"', "c'": 1, 'd"': 2 } }]],
    // The merge key is a key's tag: as a value, `<<` is text.
    ['<< as a value', 'a: <<\n', [{ index: 0, line: 1, content: { a: '<<' } }]],
    ['<< as a sequence item', '- <<\n', [{ index: 0, line: 1, content: ['<<'] }]],
  ];
  test.each(answered)('answers %s, as yaml does', (_what, text, expected) => {
    expect(quickReading(text)).toEqual(expected);
    expect(yamlReading(text)).toEqual(expected);
    if ((expected[0] as { content: object }).content !== null) expect(Object.getPrototypeOf(quickReading(text)?.[0].content)).toBe(Object.getPrototypeOf(yamlReading(text)[0].content));
  });

  test('a key an object inherits is an own, writable, enumerable, configurable property, as yaml makes it', () => {
    const text = 'toString: a\n__proto__: b\nplain: c\n';
    const quick = quickReading(text)![0].content as object;
    const slow = yamlReading(text)[0].content as object;
    for (const key of ['toString', '__proto__', 'plain']) {
      expect([key, Object.getOwnPropertyDescriptor(quick, key)]).toEqual([key, Object.getOwnPropertyDescriptor(slow, key)]);
      expect([key, Object.getOwnPropertyDescriptor(quick, key)]).toEqual([key, { value: expect.any(String), writable: true, enumerable: true, configurable: true }]);
    }
  });

  test.each([
    ['a comment after a value', 'a: 1 # note\n'],
    ['a tab', 'a:\t1\n'],
    ['a carriage return', 'a: 1\r\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['a multi-line plain scalar', 'a: x\n  y\n'],
    ['a flow collection', 'a: [1, 2]\n'],
    ['JSON', '{"a": 1}\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'a: {}\n<<: {}\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an escaped double-quoted string', 'a: "x\\ny"\n'],
    ['a lone quote in single quotes', "a: 'x'y'\n"],
    ['a sequence at the key’s own indentation', 'a:\n- 1\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['two spaces after a colon', 'a:  1\n'],
    ['an indented first line', '  a: 1\n'],
    ['a deeper line after a block', 'a:\n    b: 1\n  c: 2\n'],
    ['a key without a value in a sequence', '- a\nb: 1\n'],
    ['a document marker with content', '--- a: 1\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['an empty sequence item', '-\n- 1\n'],
    ['an indented ---, which is text, not a separator', 'a:\n  ---\n'],
    ['an indented --- first', '  ---\na: 1\n'],
    ['a lone dash as a value', 'a: -\n'],
    ['a value ending with a colon', 'a: b:\n'],
    ['a plain value with a trailing space', 'a: x \n'],
    ['an empty key', ': x\n'],
    ['two spaces after a dash', '-  1\n'],
    ['a lone double quote', 'a: "\n'],
    ["a lone single quote", "a: '\n"],
    // Comment and blank lines are skipped only where they are no text.
    ['a comment after a block scalar opener', 'a: |\n  # text, not a comment\n'],
    ['a comment line inside a multi-line plain scalar', 'a: x\n  # c\n  y\n'],
    ['a blank line inside a multi-line plain scalar', 'a: x\n\n  y\n'],
  ])('leaves %s to yaml', (_what, text) => {
    expect(readBlockYaml(text, YAML_OPTIONS)).toBeUndefined();
  });
});

describe('readBlockYaml reads what blockYaml writes', () => {
  const scalars = ['plain', 'on', 'y', '', '0775', '1:30', '2001-12-14', '- x', 'k: v', 'x #y', 'end:', '"q', "it's", 'a"b', '<<', '~', '1e3', '.5', 'redis:7.4', '#x', '@x'];
  const values: unknown[] = [...scalars, 0, -1, 42, true, false, null, {}, [], [[]], [{}]];
  test('each value, as a map value, a sequence item and a key, comes back as written', () => {
    let read = 0;
    for (const value of values) {
      for (const doc of [{ key: value }, [value], { nested: [{ k: value, [String(value)]: 'v' }] }]) {
        const text = blockYaml(doc);
        if (text === undefined) continue;
        const quick = quickReading(`---\n${text}`);
        if (quick === undefined) continue;
        read++;
        expect(quick).toEqual(yamlReading(`---\n${text}`));
        expect(quick[0].content).toEqual(doc);
      }
    }
    expect(read).toBeGreaterThan(values.length * 2);
  });
});

describe('readBlockYaml at its edges', () => {
  test('only its own refusal sends a text to yaml: any other failure (a stack overflow) goes to the caller, which reports the text as too deep', () => {
    const deep = Array.from({ length: 20000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(() => readBlockYaml(deep, YAML_OPTIONS)).toThrow(RangeError);
  });

  test('an empty text, a blank one and one of comments have no document, as for yaml', () => {
    for (const text of ['', '\n', '  \n\n', '# only a comment\n']) {
      expect(readBlockYaml(text, YAML_OPTIONS)).toEqual([]);
      expect(yamlReading(text)).toEqual([]);
    }
  });

});
