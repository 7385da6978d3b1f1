// Reading manifests the way kubectl reads them: which files of a folder, what cannot be read and
// why, YAML 1.1 as kubectl parses it, broken YAML and templates, input nested beyond any object.
import * as fs from 'fs';
import * as path from 'path';
import { loadFolder, loadTexts, parseManifestText, readManifestFolder, readManifestTexts, UNREADABLE_PATH } from '../../src/manifests';
import { MAX_NESTING } from '../../src/manifests/load';
import { ManifestFolderError } from '../../src/manifests/types';
import { tempFolders } from '../helpers/temp';

const temp = tempFolders('bernstein-load-');
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
const names = (documents: readonly { content: unknown }[]) => documents.map((d) => (d.content as { metadata: { name: string } }).metadata.name);

describe('a folder', () => {
  test('its .yaml, .yml and .json files (any case), in name order; what cannot be read as a file is named with why, and the rest is read', () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, 'b.yaml'), configMap('b'));
    fs.writeFileSync(path.join(dir, 'a.yml'), configMap('a'));
    fs.writeFileSync(path.join(dir, 'c.JSON'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
    fs.writeFileSync(path.join(dir, 'D.YAML'), configMap('d'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), configMap('notes'));
    fs.writeFileSync(path.join(dir, 'yaml'), configMap('bare'));
    fs.writeFileSync(path.join(dir, 'e.yaml.orig'), configMap('backup'));
    fs.writeFileSync(path.join(dir, 'f.json~'), configMap('editor'));
    fs.symlinkSync(path.join(dir, 'loop-b.yaml'), path.join(dir, 'loop-a.yaml'));
    fs.symlinkSync(path.join(dir, 'loop-a.yaml'), path.join(dir, 'loop-b.yaml'));
    fs.mkdirSync(path.join(dir, 'dir.yaml'));
    fs.writeFileSync(path.join(dir, 'dir.yaml', 'inner.yaml'), configMap('inner'));
    fs.symlinkSync(path.join(dir, 'dir.yaml'), path.join(dir, 'link.yaml'));
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'dangling.yml'));
    fs.symlinkSync('/dev/null', path.join(dir, 'null.yaml'));
    const loaded = loadFolder(dir);
    expect(loaded.files).toEqual(['D.YAML', 'a.yml', 'b.yaml', 'c.JSON', 'dangling.yml', 'dir.yaml', 'link.yaml', 'loop-a.yaml', 'loop-b.yaml', 'null.yaml']);
    expect(names(loaded.documents)).toEqual(['d', 'a', 'b', 'c']);
    expect(loaded.documents.map((d) => d.file)).toEqual(['D.YAML', 'a.yml', 'b.yaml', 'c.JSON']);
    const unreadable = (file: string, reason: string) => ({ severity: 'error', file, object: '-', field: '-', message: `cannot read ${file}: ${reason}; the other files are checked`, rule: UNREADABLE_PATH });
    expect(loaded.issues).toEqual([
      unreadable('dangling.yml', `dangling symbolic link to ${path.join(dir, 'gone.yaml')}`),
      unreadable('dir.yaml', 'it is a folder, not a file; subfolders are not read'),
      unreadable('link.yaml', 'it is a folder (through a symbolic link), not a file; subfolders are not read'),
      // A loop of links is no dangling link: the system's own code says what it is.
      unreadable('loop-a.yaml', 'ELOOP'),
      unreadable('loop-b.yaml', 'ELOOP'),
      unreadable('null.yaml', 'it is not a regular file'),
    ]);
    expect(UNREADABLE_PATH).toBe('path.unreadable');
  });

  test('a folder that cannot be listed throws, naming it and the system\'s code', () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, 'file.yaml'), configMap('x'));
    expect(() => loadFolder(path.join(dir, 'nowhere'))).toThrow(new ManifestFolderError(`cannot read manifest folder ${path.join(dir, 'nowhere')}: ENOENT`));
    expect(() => loadFolder(path.join(dir, 'file.yaml'))).toThrow(`cannot read manifest folder ${path.join(dir, 'file.yaml')}: ENOTDIR`);
    expect(() => loadFolder(path.join(dir, 'nowhere'))).toThrow(ManifestFolderError);
  });

  test('read and identified in one step: files, objects, and the issues of both steps', () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, 'a.yaml'), `${configMap('a')}---\n- not an object\n`);
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'kind: [\n');
    const set = readManifestFolder(dir);
    expect(set.files).toEqual(['a.yaml', 'b.yaml']);
    expect(set.inventory.objects.map((o) => o.ref)).toEqual(['ConfigMap/default/a']);
    expect(set.issues.map((i) => [i.file, i.rule])).toEqual([['b.yaml', 'yaml.parse'], ['a.yaml', 'yaml.not-object']]);
  });
});

describe('YAML as kubectl reads it', () => {
  test('YAML 1.1 scalars, merge keys, timestamps kept as text; empty documents skipped; each document\'s index and first line', () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      'data:',
      '  flag: on',
      '  answer: no',
      '  mode: 0755',
      '  day: 2026-12-06',
      '---',
      '# only a comment',
      '---',
      'null',
      '---',
      'base: &base {x: 1}',
      'merged:',
      '  <<: *base',
      '  z: 2',
      '---',
      '',
    ].join('\n');
    const { documents, issues } = parseManifestText('a.yaml', text);
    expect(issues).toEqual([]);
    expect(documents).toEqual([
      { file: 'a.yaml', index: 0, line: 2, content: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { flag: true, answer: false, mode: 493, day: '2026-12-06' } } },
      { file: 'a.yaml', index: 3, line: 15, content: { base: { x: 1 }, merged: { x: 1, z: 2 } } },
    ]);
  });

  test('empty documents of block YAML (the quick reader\'s path) are skipped too, each other document keeping its index and line', () => {
    expect(parseManifestText('a.yaml', '---\n---\n# only a comment\n---\na: 1\n---\nnull\n---\n- 2\n---\n')).toEqual({
      documents: [{ file: 'a.yaml', index: 2, line: 5, content: { a: 1 } }, { file: 'a.yaml', index: 4, line: 9, content: [2] }],
      issues: [],
    });
  });

  test('an anchor used up to 1,000 times is read (yaml\'s own default stops at 100)', () => {
    const text = `a: &v x\nb:\n${Array.from({ length: 150 }, () => '  - *v').join('\n')}\n`;
    const { documents, issues } = parseManifestText('aliases.yaml', text);
    expect(issues).toEqual([]);
    expect((documents[0].content as { b: string[] }).b).toEqual(Array(150).fill('x'));
    const beyond = `a: &v x\nb:\n${Array.from({ length: 1001 }, () => '  - *v').join('\n')}\n`;
    expect(parseManifestText('beyond.yaml', beyond).issues.map((i) => i.rule)).toEqual(['yaml.parse']);
  });

  test('in-memory texts read and identified in one step, with the issues of both steps', () => {
    const set = readManifestTexts([{ file: 'a.yaml', text: `${configMap('a')}---\n- not an object\n` }, { file: 'b.yaml', text: 'kind: [\n' }]);
    expect(set.files).toEqual(['a.yaml', 'b.yaml']);
    expect(set.inventory.objects.map((o) => o.ref)).toEqual(['ConfigMap/default/a']);
    expect(set.issues.map((i) => [i.file, i.rule])).toEqual([['b.yaml', 'yaml.parse'], ['a.yaml', 'yaml.not-object']]);
  });

  test('in-memory files in the order given', () => {
    const loaded = loadTexts([{ file: 'z.yaml', text: configMap('z') }, { file: 'a.yaml', text: `${configMap('a1')}---\n${configMap('a2')}` }]);
    expect(loaded.files).toEqual(['z.yaml', 'a.yaml']);
    expect(names(loaded.documents)).toEqual(['z', 'a1', 'a2']);
    expect(loaded.documents.map((d) => [d.file, d.index])).toEqual([['z.yaml', 0], ['a.yaml', 0], ['a.yaml', 1]]);
    expect(loaded.issues).toEqual([]);
  });

  test('broken YAML: each error with its document, line and column; the other documents are kept', () => {
    const { documents, issues } = parseManifestText('b.yaml', `${configMap('ok')}---\nkind: ConfigMap\nmetadata: [\n`);
    expect(names(documents)).toEqual(['ok']);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toEqual({ severity: 'error', file: 'b.yaml', object: '-', field: '-', message: expect.stringMatching(/^unparseable YAML \(document 2\): line \d+, column \d+: \S/), rule: 'yaml.parse' });
    for (const issue of issues) expect(issue.message).not.toMatch(/\n| at line \d+, column \d+:?$/);
  });

  test('a flood of errors: the first 20, then one line saying there are more', () => {
    const text = Array.from({ length: 30 }, () => 'a: [\n').join('---\n');
    const { issues } = parseManifestText('flood.yaml', text);
    expect(issues).toHaveLength(21);
    expect(issues.slice(0, 20).every((i) => /^unparseable YAML \(document \d+\): line \d+, column \d+: /.test(i.message))).toBe(true);
    expect(issues[20].message).toBe('unparseable YAML: more errors after the first 20 are not listed');
  });

  test('aliases that expand without bound are refused, as kubectl refuses them', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const { documents, issues } = parseManifestText('bomb.yaml', `${levels.join('\n')}\n`);
    expect(documents).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ rule: 'yaml.parse', message: expect.stringMatching(/^unparseable YAML \(document 1\): ReferenceError: Excessive alias count/) })]);
  });

  test('a Helm template that YAML cannot read is one finding saying to render it first; a broken file without template actions is not one', () => {
    const helm = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\nspec:\n  {{- if .Values.x }}\n  replicas: [\n';
    expect(parseManifestText('t.yaml', helm)).toEqual({
      documents: [],
      issues: [{ severity: 'error', file: 't.yaml', object: '-', field: '-', message: 't.yaml is a Helm/Go template ({{ … }} actions), not a manifest: render it first (helm template, or the tool that owns it) and check the output', rule: 'yaml.template' }],
    });
    expect(parseManifestText('c.yaml', 'a: {{/* a comment */}}\nb: [\n').issues.map((i) => i.rule)).toEqual(['yaml.template']);
    expect(parseManifestText('p.yaml', 'a: {{ plain }}\nb: [\n').issues.map((i) => i.rule)).not.toContain('yaml.template');
    // Template text that YAML reads (an Alertmanager template in a ConfigMap) is data.
    const data = parseManifestText('alerts.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  slack.tmpl: |\n    {{ define "slack" }}{{ .CommonAnnotations.summary }}{{ end }}\n');
    expect(data.issues).toEqual([]);
    expect(data.documents).toHaveLength(1);
  });
});

describe('nesting beyond any object', () => {
  const tooDeep = (file: string) => [{ severity: 'error', file, object: '-', field: '-', message: `${file} nests deeper than ${MAX_NESTING} levels, which no Kubernetes object does: not checked (is it generated by mistake?)`, rule: 'yaml.too-deep' }];
  const nestedFlow = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  const nestedBlock = (depth: number) => Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');

  test('brackets or indentation one level past the limit: one finding, nothing parsed', () => {
    expect(MAX_NESTING).toBe(200);
    expect(parseManifestText('flow.yaml', nestedFlow(MAX_NESTING + 1))).toEqual({ documents: [], issues: tooDeep('flow.yaml') });
    expect(parseManifestText('block.yaml', nestedBlock(MAX_NESTING + 1))).toEqual({ documents: [], issues: tooDeep('block.yaml') });
    expect(parseManifestText('maps.yaml', `${'{a: '.repeat(MAX_NESTING + 1)}1${'}'.repeat(MAX_NESTING + 1)}\n`).issues).toEqual(tooDeep('maps.yaml'));
    // Closing brackets in a string do not hide the opening ones after them.
    expect(parseManifestText('strings.yaml', `a: "${']'.repeat(300)}"\nb: ${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}\n`).issues).toEqual(tooDeep('strings.yaml'));
    // Sequence dashes indent as much as spaces do.
    expect(parseManifestText('dashes.yaml', Array.from({ length: MAX_NESTING + 1 }, (_, i) => `${'- '.repeat(i + 1)}x`).join('\n')).issues).toEqual(tooDeep('dashes.yaml'));
  });

  test('up to the limit, the document is read', () => {
    expect(parseManifestText('flow.yaml', nestedFlow(MAX_NESTING)).issues).toEqual([]);
    expect(parseManifestText('block.yaml', nestedBlock(MAX_NESTING)).issues).toEqual([]);
  });

  test('what only looks deep is read: many brackets side by side, a deeply indented block scalar, deeply indented comments, closing brackets in text', () => {
    const wide = parseManifestText('wide.yaml', `a: [${'[], '.repeat(300)}[]]\n`);
    expect(wide.issues).toEqual([]);
    expect((wide.documents[0].content as { a: unknown[] }).a).toHaveLength(301);
    const braces = parseManifestText('braces.yaml', `a: [${'{}, '.repeat(300)}{}]\n`);
    expect(braces.issues).toEqual([]);
    expect((braces.documents[0].content as { a: unknown[] }).a).toHaveLength(301);
    const scalar = parseManifestText('scalar.yaml', `a: |\n${' '.repeat(250)}text\nb: 1\n`);
    expect(scalar.issues).toEqual([]);
    expect(scalar.documents[0].content).toEqual({ a: 'text\n', b: 1 });
    const comments = parseManifestText('comments.yaml', `${Array.from({ length: MAX_NESTING + 10 }, (_, i) => `${' '.repeat(i)}# note ${i}`).join('\n')}\na: 1\n`);
    expect(comments).toEqual({ documents: [{ file: 'comments.yaml', index: 0, line: MAX_NESTING + 11, content: { a: 1 } }], issues: [] });
    // Siblings are one level, however many: a long flat map next to a deeply indented line.
    const flat = parseManifestText('flat.yaml', `${Array.from({ length: 300 }, (_, i) => `k${i}: ${i}`).join('\n')}\nlast: |\n${' '.repeat(250)}x\n`);
    expect(flat.issues).toEqual([]);
    expect(Object.keys(flat.documents[0].content as object)).toHaveLength(301);
    const closers = parseManifestText('closers.yaml', `a: "${']'.repeat(300)}"\nb: |\n${' '.repeat(MAX_NESTING)}x\nc: ${'['.repeat(MAX_NESTING - 2)}${']'.repeat(MAX_NESTING - 2)}\n`);
    expect(closers.issues).toEqual([]);
  });
});
