/**
 * "Your repository should at least contain the following files": the 19 names of the spec's
 * `kubectl apply` sequence, each holding the kinds its name says. Graders read the files by
 * name, so an object in the wrong file counts as missing.
 */
import { RuleContext } from '../context';
import { fileProblem, objectProblem } from '../problems';
import { Problem } from '../types';
import { componentOf } from './components';
import { FILES, MODERN_FILES } from './spec';

export function checkFiles(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  const present = new Set(ctx.files);
  for (const [file, spec] of Object.entries(FILES)) {
    if (!present.has(file)) {
      out.push(fileProblem(file, 'error', 'bernstein.files', `missing file: the spec's deployment runs kubectl apply -f ${file}`));
      continue;
    }
    const objects = ctx.inventory.objects.filter((o) => o.file === file);
    for (const group of spec.required) {
      if (!objects.some((o) => group.includes(o.kind))) {
        out.push(fileProblem(file, 'error', 'bernstein.file-kinds', `holds no ${group.join(' or ')}`));
      }
    }
    for (const o of objects) {
      if (!spec.kinds.includes(o.kind)) {
        out.push(objectProblem(o, 'error', 'bernstein.file-kinds', 'kind', `${file} should hold ${spec.kinds.join('/')} objects, not a ${o.kind}`));
        continue;
      }
      const own = componentOf(o, false);
      if (own && own !== spec.component) {
        out.push(objectProblem(o, 'warning', 'bernstein.file-kinds', 'metadata.name', `looks like a ${own} object (name/labels) but sits in ${file}`));
      }
    }
  }
  for (const file of ctx.files) {
    if (ctx.options.allowModern && file in MODERN_FILES) {
      const spec = MODERN_FILES[file];
      for (const o of ctx.inventory.objects.filter((x) => x.file === file && !spec.kinds.includes(x.kind))) {
        out.push(objectProblem(o, 'error', 'bernstein.file-kinds', 'kind', `${file} should hold ${spec.kinds.join('/')} objects, not a ${o.kind}`));
      }
      continue;
    }
    if (!(file in FILES) && file !== '.') {
      out.push(fileProblem(file, 'warning', 'bernstein.files', 'not one of the 19 files the spec lists: graders will not read it'));
    }
  }
  return out;
}
