/** Shared helpers of the checker tests: fixture paths, in-memory copies, problem matchers. */
import * as fs from 'fs';
import * as path from 'path';
import { CheckReport, ManifestDocument, parseManifestText, Problem } from '../../src/checker';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'checker');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** Parsed documents of a fixture folder, for planting defects in memory. */
export function loadDocuments(name: string): ManifestDocument[] {
  const dir = fixture(name);
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => parseManifestText(f, fs.readFileSync(path.join(dir, f), 'utf8')).documents);
}

// Tests poke at arbitrary manifest structure; typing every path would only add noise.
type Obj = Record<string, any>;

/** Deep copy of `docs` with `edit` applied to the first object of `file` (optionally of `kind`). */
export function withEdit(docs: readonly ManifestDocument[], file: string, edit: (o: Obj) => void, kind?: string): ManifestDocument[] {
  const copy = structuredClone(docs) as ManifestDocument[];
  const target = copy.find((d) => d.file === file && (!kind || (d.content as Obj).kind === kind));
  if (!target) throw new Error(`no ${kind ?? 'document'} in ${file}`);
  edit(target.content as Obj);
  return copy;
}

export function errors(report: CheckReport): Problem[] {
  return report.problems.filter((p) => p.severity === 'error');
}

export function warnings(report: CheckReport): Problem[] {
  return report.problems.filter((p) => p.severity === 'warning');
}

export function withRule(report: CheckReport, rule: string): Problem[] {
  return report.problems.filter((p) => p.rule === rule);
}

/** Readable failure output: the problems actually found. */
export function describeProblems(report: CheckReport): string {
  return report.problems.map((p) => `${p.severity} ${p.rule} ${p.file} ${p.object} ${p.field}: ${p.message}`).join('\n');
}
