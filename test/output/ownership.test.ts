import * as fs from 'fs';
import * as path from 'path';
import { foreignEntries, isOwnOutput } from '../../src/output/ownership';
import { renderYaml } from '../../src/output/render';

const ROOT = path.resolve(__dirname, '../..');
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop', namespace: 'default' }, data: { MODE: 'on' } };
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };

test('every committed folder is recognised as this tool\'s own output, so synth may replace it', () => {
  const folders = fs.readdirSync(ROOT).filter((name) => /^dist(-|$)/.test(name) && fs.statSync(path.join(ROOT, name)).isDirectory());
  expect(folders).toContain('dist');
  for (const folder of folders) expect([folder, foreignEntries(path.join(ROOT, folder))]).toEqual([folder, []]);
});

describe('isOwnOutput: our layout name and our exact rendering of the objects the file holds', () => {
  test.each([
    ['shop.configmap.yaml', renderYaml([configMap])],
    ['00-shop.namespace.yaml', renderYaml([namespace])],
    ['shop.configmap.yaml', renderYaml([configMap, { ...configMap, metadata: { name: 'other' } }])],
    // Plain in YAML 1.1 (what we write), a number in YAML 1.2: read as 1.1, or our file looks edited.
    ['shop.configmap.yaml', renderYaml([{ ...configMap, data: { MODE: '0o17', SIZE: '1_000' } }])],
    // Multi-line text takes yaml's own reader.
    ['shop.configmap.yaml', renderYaml([{ ...configMap, data: { 'init.sql': 'CREATE TABLE t (id int);\nSELECT 1;\n' } }])],
  ])('ours: %s', (name, text) => {
    expect(isOwnOutput(name, text)).toBe(true);
  });

  test.each([
    ['another name', 'settings.yaml', renderYaml([configMap])],
    ['a kind the name does not announce', 'shop.secret.yaml', renderYaml([configMap])],
    ['a Namespace without the 00- prefix', 'shop.namespace.yaml', renderYaml([namespace])],
    ['a comment added by hand', 'shop.configmap.yaml', `# mine\n${renderYaml([configMap])}`],
    ['other quoting', 'shop.configmap.yaml', renderYaml([configMap]).replace('"on"', "'on'")],
    ['not YAML', 'shop.configmap.yaml', 'data: [unclosed\n'],
    ['no object', 'shop.configmap.yaml', '---\n'],
    ['a list', 'shop.configmap.yaml', '---\n- a\n'],
    ['not a Kubernetes object', 'shop.configmap.yaml', '---\nname: x\n'],
  ])('not ours: %s', (_, name, text) => {
    expect(isOwnOutput(name, text)).toBe(false);
  });
});

test('a file whose aliases expand without bound ("billion laughs") is not ours, and checking it does not throw', () => {
  let text = '---\napiVersion: v1\nkind: ConfigMap\na: &a [x, x, x, x, x, x, x, x, x, x]\n';
  let previous = 'a';
  for (const name of ['b', 'c', 'd', 'e', 'f']) {
    text += `${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]\n`;
    previous = name;
  }
  expect(isOwnOutput('shop.configmap.yaml', text)).toBe(false);
});
