/** Human and machine renderings of a check report. */
import { CheckReport, Problem, Severity } from './types';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summaryText(errors: number, warnings: number, files: number, schema: string, version: string): string {
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')} (schema ${schema}, Kubernetes ${version})`;
}

const LABEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
/** Long field paths would push every message off screen; past this width they are not padded. */
const MAX_FIELD_WIDTH = 56;

/** A table grouped by file: severity, object, field, message; then the summary line. */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  const where = report.directory !== undefined ? ` in ${report.directory}` : '';
  const policy = report.policy ? `, policy ${report.policy}` : '';
  lines.push(`Checked ${plural(report.files.length, 'file')}${where} against Kubernetes ${report.version} (schema ${report.schema})${policy}`);
  const groups = new Map<string, Problem[]>();
  for (const p of report.problems) groups.set(p.file, [...(groups.get(p.file) ?? []), p]);
  for (const [file, problems] of groups) {
    lines.push('', file);
    const objectWidth = Math.max(...problems.map((p) => p.object.length));
    const fieldWidth = Math.min(MAX_FIELD_WIDTH, Math.max(...problems.map((p) => p.field.length)));
    for (const p of problems) {
      lines.push(`  ${LABEL[p.severity].padEnd(7)}  ${p.object.padEnd(objectWidth)}  ${p.field.padEnd(fieldWidth)}  ${p.message}`);
    }
  }
  if (report.problems.length === 0) lines.push('', 'No problems found.');
  lines.push('', report.summary.text);
  return lines.join('\n') + '\n';
}

/** `{ version, schema, policy, directory, files, problems, summary }`, stable key order. */
export function formatJson(report: CheckReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
