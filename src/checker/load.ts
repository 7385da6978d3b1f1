/** Reads every YAML document of a manifest folder. */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { fileProblem } from './problems';
import { CheckUsageError, ManifestDocument, Problem } from './types';

export interface LoadedFolder {
  readonly files: string[];
  readonly documents: ManifestDocument[];
  readonly problems: Problem[];
}

const MANIFEST_FILE = /\.ya?ml$/i;

/** Non-recursive, in sorted order, so that reports are stable across file systems. */
export function loadFolder(dir: string): LoadedFolder {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new CheckUsageError(`cannot read manifest folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const files = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && MANIFEST_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  const documents: ManifestDocument[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const parsed = parseManifestText(file, fs.readFileSync(path.join(dir, file), 'utf8'));
    documents.push(...parsed.documents);
    problems.push(...parsed.problems);
  }
  return { files, documents, problems };
}

/**
 * Parses like kubectl does: YAML 1.1 scalars (`on`, `yes`, `no` are booleans, `0755` is
 * octal), because that is what decides whether `value: no` reaches the API server as a string.
 * Timestamps stay strings, as sigs.k8s.io/yaml leaves them.
 */
export function parseManifestText(file: string, text: string): { documents: ManifestDocument[]; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    lineCounter,
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const documents: ManifestDocument[] = [];
  const problems: Problem[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = err.linePos?.[0];
        const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
        problems.push(fileProblem(file, 'error', 'yaml.parse', `unparseable YAML (document ${index + 1}): ${where}${firstLine(err.message)}`));
      }
      return;
    }
    if (doc.contents === null) return; // empty document, e.g. a leading `---`
    const start = doc.contents.range?.[0] ?? doc.range[0];
    let content: unknown;
    try {
      content = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      problems.push(fileProblem(file, 'error', 'yaml.parse', `unparseable YAML (document ${index + 1}): ${firstLine(String(err))}`));
      return;
    }
    documents.push({ file, index, line: lineCounter.linePos(start).line, content });
  });
  return { documents, problems };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
