/** Problem constructors, so every rule names file, object and field the same way. */
import type { ManifestObject } from '../manifests/inventory';
import { Problem, Severity } from './types';

export function objectProblem(
  obj: ManifestObject,
  severity: Severity,
  rule: string,
  field: string,
  message: string,
): Problem {
  return { severity, file: obj.file, object: obj.ref, field: field || '-', message, rule };
}

export function fileProblem(file: string, severity: Severity, rule: string, message: string, object = '-'): Problem {
  return { severity, file, object, field: '-', message, rule };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** File order, then object order as read (file-level problems first), then severity. */
export function sortProblems(
  problems: readonly Problem[],
  fileOrder: readonly string[],
  objectOrder: readonly string[],
): Problem[] {
  const fileRank = new Map(fileOrder.map((f, i) => [f, i]));
  const objectRank = new Map(objectOrder.map((o, i) => [o, i]));
  const rankOf = (p: Problem): number => (p.object === '-' ? -1 : objectRank.get(p.object) ?? objectRank.size);
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        (fileRank.get(a.p.file) ?? fileRank.size) - (fileRank.get(b.p.file) ?? fileRank.size) ||
        a.p.file.localeCompare(b.p.file) ||
        rankOf(a.p) - rankOf(b.p) ||
        RANK[a.p.severity] - RANK[b.p.severity] ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}
