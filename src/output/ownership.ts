import * as fs from 'fs';
import * as path from 'path';
import { parseManifestText } from '../manifests/load';
import { manifestFileName } from './file-names';
import { ManifestDocument } from './layout';
import { renderYaml } from './render';

/**
 * Whether `fileName` holding `text` is a file this tool wrote: named `<component>.<kind>.yaml`
 * after the objects it holds (the layout of src/output/layout.ts), and byte for byte the
 * rendering of those objects. A file someone wrote or edited by hand, or any other name, is not.
 *
 * Why content and not a marker file: the committed folders must hold exactly the rendered
 * files (dist/ is the spec's 19 files), so there is no room for a list of what was written;
 * the rendering itself is the signature, and it leaves every output byte-identical. The limit:
 * a hand edit that leaves the file exactly as this tool would render the edited objects (no
 * comment, same quoting, key order and indentation) cannot be told from our own output.
 */
export function isOwnOutput(fileName: string, text: string): boolean {
  const match = /^(?:00-)?([^.]+)\.[a-z0-9-]+\.yaml$/.exec(fileName);
  if (!match) return false;
  const component = match[1];
  // The manifest reader reads YAML 1.1, the version we write: a 1.2 reading turns strings our
  // writer leaves plain (0o17) into numbers, and our own file would look edited.
  const read = parseManifestText(fileName, text);
  if (read.issues.length > 0) return false;
  const documents = read.documents.map((d) => d.content as ManifestDocument);
  if (documents.length === 0) return false;
  for (const doc of documents) {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
    if (typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string') return false;
    if (manifestFileName(component, doc.kind) !== fileName) return false;
  }
  return renderYaml(documents) === text;
}

/**
 * The entries of `folder` this tool did not write (see {@link isOwnOutput}): other files,
 * hand-edited manifests, sub-folders, links. Sorted by name; empty when the folder is ours
 * to replace.
 */
export function foreignEntries(folder: string): string[] {
  const foreign: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isFile()) {
      foreign.push(entry.isDirectory() ? `${entry.name}/` : entry.name);
      continue;
    }
    let text: string;
    try {
      text = fs.readFileSync(path.join(folder, entry.name), 'utf-8');
    } catch {
      foreign.push(entry.name);
      continue;
    }
    if (!isOwnOutput(entry.name, text)) foreign.push(entry.name);
  }
  return foreign.sort();
}
