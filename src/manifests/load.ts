/** Reads manifest folders and YAML text into documents, the way kubectl reads them. */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { ManifestDocument, ManifestFolderError, ManifestIssue } from './types';

export interface LoadedManifests {
  /** Every manifest path of the folder (readable or not), in name order. */
  readonly files: string[];
  readonly documents: ManifestDocument[];
  /** Unreadable paths and unparseable YAML; the other files are still read. */
  readonly issues: ManifestIssue[];
}

/** A manifest file held in memory: its name and its YAML text. */
export interface ManifestText {
  readonly file: string;
  readonly text: string;
}

const MANIFEST_FILE = /\.ya?ml$/i;

/** Rule id of a manifest path that cannot be read (a dangling symlink, a folder, no permission). */
export const UNREADABLE_PATH = 'path.unreadable';

/**
 * Every `*.yaml`/`*.yml` entry directly in `dir` (not subfolders), sorted by name so that
 * reports are stable across file systems. An entry that cannot be read as a file is an issue
 * naming it, and the others are still read. Throws ManifestFolderError when `dir` itself
 * cannot be listed.
 */
export function loadFolder(dir: string): LoadedManifests {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new ManifestFolderError(`cannot read manifest folder ${dir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const files = entries.filter((e) => MANIFEST_FILE.test(e.name)).map((e) => e.name).sort();
  const documents: ManifestDocument[] = [];
  const issues: ManifestIssue[] = [];
  for (const file of files) {
    const text = readManifestFile(path.join(dir, file));
    if (typeof text !== 'string') {
      issues.push({ severity: 'error', file, object: '-', field: '-', message: `cannot read ${file}: ${text.reason}; the other files are checked`, rule: UNREADABLE_PATH });
      continue;
    }
    const parsed = parseManifestText(file, text);
    documents.push(...parsed.documents);
    issues.push(...parsed.issues);
  }
  return { files, documents, issues };
}

/** Parses in-memory files, in the order given. */
export function loadTexts(texts: readonly ManifestText[]): LoadedManifests {
  const documents: ManifestDocument[] = [];
  const issues: ManifestIssue[] = [];
  for (const { file, text } of texts) {
    const parsed = parseManifestText(file, text);
    documents.push(...parsed.documents);
    issues.push(...parsed.issues);
  }
  return { files: texts.map((t) => t.file), documents, issues };
}

function readManifestFile(full: string): string | { reason: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && isSymlink(full)) return { reason: `dangling symbolic link to ${fs.readlinkSync(full)}` };
    return { reason: code ?? String(err) };
  }
  if (stat.isDirectory()) return { reason: `it is a folder${isSymlink(full) ? ' (through a symbolic link)' : ''}, not a file; subfolders are not read` };
  if (!stat.isFile()) return { reason: 'it is not a regular file' };
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (err) {
    return { reason: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

function isSymlink(full: string): boolean {
  try {
    return fs.lstatSync(full).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Parses like kubectl does: YAML 1.1 scalars (`on`, `yes`, `no` are booleans, `0755` is
 * octal), because that is what decides whether `value: no` reaches the API server as a string.
 * Timestamps stay strings, as sigs.k8s.io/yaml leaves them. Empty documents (a trailing
 * `---`, a document holding only comments, `null`) are skipped, as kubectl skips them.
 */
export function parseManifestText(file: string, text: string): { documents: ManifestDocument[]; issues: ManifestIssue[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    lineCounter,
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const documents: ManifestDocument[] = [];
  const issues: ManifestIssue[] = [];
  const parseIssue = (message: string): ManifestIssue => ({ severity: 'error', file, object: '-', field: '-', message, rule: 'yaml.parse' });
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = err.linePos?.[0];
        const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
        issues.push(parseIssue(`unparseable YAML (document ${index + 1}): ${where}${firstLine(err.message)}`));
      }
      return;
    }
    if (doc.contents === null) return;
    const start = doc.contents.range?.[0] ?? doc.range[0];
    let content: unknown;
    try {
      content = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      issues.push(parseIssue(`unparseable YAML (document ${index + 1}): ${firstLine(String(err))}`));
      return;
    }
    if (content === null || content === undefined) return;
    documents.push({ file, index, line: lineCounter.linePos(start).line, content });
  });
  return { documents, issues };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
