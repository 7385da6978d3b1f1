// What the writer agrees to replace, checked in-process on real folders: never the working
// directory or its parents, never a file, never a folder holding anything this tool did not
// write — each refusal naming the folder and every foreign entry (counted past ten).
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { foreignEntries, isOwnOutput } from '../../src/output/ownership';
import { renderYaml } from '../../src/output/render';
import { assertReplaceable } from '../../src/output/write';
import { writeManifests } from '../../src/output/write-manifests';
import { ownFile, tempFolders } from '../helpers/temp';

const temp = tempFolders('replaceable-');

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return '(no error)';
}

test('the working directory and its parents are refused, named with the flag', () => {
  const cwd = process.cwd();
  expect(messageOf(() => assertReplaceable(cwd))).toBe(`--outdir "${cwd}" is the working directory or one of its parents; allowed: a folder of its own, e.g. dist`);
  expect(messageOf(() => assertReplaceable('..', undefined, 'writeManifests: outdir'))).toBe('writeManifests: outdir ".." is the working directory or one of its parents; allowed: a folder of its own, e.g. dist');
  // A sibling whose name starts with two dots is not a parent.
  const dir = temp();
  expect(messageOf(() => assertReplaceable(path.join(dir, '..dist')))).toBe('(no error)');
});

test('a file is refused; a missing folder, an empty one and one of our own files are accepted', () => {
  const dir = temp();
  fs.writeFileSync(path.join(dir, 'out'), 'x');
  expect(messageOf(() => assertReplaceable(path.join(dir, 'out')))).toBe(`--outdir "${path.join(dir, 'out')}" is a file; allowed: a folder of manifests`);
  expect(messageOf(() => assertReplaceable(path.join(dir, 'missing', 'deeper')))).toBe('(no error)');
  fs.mkdirSync(path.join(dir, 'ours'));
  expect(messageOf(() => assertReplaceable(path.join(dir, 'ours')))).toBe('(no error)');
  const [name, text] = ownFile('shop');
  fs.writeFileSync(path.join(dir, 'ours', name), text);
  expect(messageOf(() => assertReplaceable(path.join(dir, 'ours')))).toBe('(no error)');
});

test('one foreign file is named in the singular; past ten they are counted; sub-folders end with /', () => {
  const dir = temp();
  const one = path.join(dir, 'one');
  fs.mkdirSync(one);
  fs.writeFileSync(path.join(one, 'notes.txt'), 'mine');
  expect(messageOf(() => assertReplaceable(one))).toBe(
    `--outdir "${one}" holds a file this tool did not write (notes.txt); refusing to replace it, nothing was changed; allowed: a new or empty folder, or one holding only manifests this tool wrote (move your files elsewhere, or choose another folder)`,
  );
  const many = path.join(dir, 'many');
  fs.mkdirSync(many);
  for (let i = 11; i >= 1; i--) fs.writeFileSync(path.join(many, `f${String(i).padStart(2, '0')}.yaml`), 'kind: Mine\n');
  fs.mkdirSync(path.join(many, 'sub'));
  expect(messageOf(() => assertReplaceable(many))).toBe(
    `--outdir "${many}" holds 12 files this tool did not write (f01.yaml, f02.yaml, f03.yaml, f04.yaml, f05.yaml, f06.yaml, f07.yaml, f08.yaml, f09.yaml, f10.yaml and 2 more); refusing to replace it, nothing was changed; allowed: a new or empty folder, or one holding only manifests this tool wrote (move your files elsewhere, or choose another folder)`,
  );
  const ten = path.join(dir, 'ten');
  fs.mkdirSync(ten);
  for (let i = 1; i <= 10; i++) fs.writeFileSync(path.join(ten, `g${i}.txt`), '');
  expect(messageOf(() => assertReplaceable(ten))).toContain('holds 10 files this tool did not write (g1.txt, g10.txt, g2.txt, g3.txt, g4.txt, g5.txt, g6.txt, g7.txt, g8.txt, g9.txt); ');
});

test('foreign entries: sorted, folders marked, our own files left out', () => {
  const dir = temp();
  const [name, text] = ownFile('shop');
  fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, 'b.yaml'), 'kind: Mine\n');
  fs.mkdirSync(path.join(dir, 'a-folder'));
  fs.writeFileSync(path.join(dir, 'shop.secret.yaml'), text);
  // Links are not ours, even to our own file or to a folder (named as they are, without "/").
  fs.symlinkSync(path.join(dir, name), path.join(dir, 'link.yaml'));
  fs.symlinkSync(path.join(dir, 'a-folder'), path.join(dir, 'folder-link'));
  expect(foreignEntries(dir)).toEqual(['a-folder/', 'b.yaml', 'folder-link', 'link.yaml', 'shop.secret.yaml']);
});

test('a file whose YAML has an error in any document, or whose documents are not all objects, is not ours', () => {
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop' } };
  const good = renderYaml([configMap]);
  expect(isOwnOutput('shop.configmap.yaml', good)).toBe(true);
  expect(isOwnOutput('shop.configmap.yaml', `${good}---\nkey: [unclosed\n`)).toBe(false);
  expect(isOwnOutput('shop.configmap.yaml', `${good}--- plain text\n`)).toBe(false);
  expect(isOwnOutput('shop.configmap.yaml', renderYaml([{ ...configMap, apiVersion: 1 }]))).toBe(false);
  expect(isOwnOutput('shop.configmap.yaml', '')).toBe(false);
  expect(isOwnOutput('shop.configmap.yaml.bak', good)).toBe(false);
});

test('writeManifests of an app without objects names the app', () => {
  const dir = temp();
  expect(messageOf(() => writeManifests(new App({ outdir: 'unused' }), path.join(dir, 'out')))).toContain('"(app)" holds no Kubernetes object');
});
