/**
 * Offline checker for a folder of Kubernetes manifests: schema and served-API validation for
 * a chosen Kubernetes version, cross-object references, and optionally the Bernstein policy.
 * See docs/checker.md.
 */
import { RuleContext } from './context';
import { buildInventory } from '../manifests/inventory';
import { LoadedManifests, loadFolder } from '../manifests/load';
import { podTemplates } from '../manifests/pods';
import { ManifestFolderError } from '../manifests/types';
import { selectPolicies } from './policies';
import { sortProblems } from './problems';
import { summaryText } from './report';
import { GENERIC_RULES } from './rules';
import { CheckOptions, CheckReport, CheckUsageError, ManifestDocument, Problem } from './types';
import { resolveVersion } from './versions';

export * from './types';
export { formatJson, formatText } from './report';
export { parseManifestText } from '../manifests/load';
export { allowedVersions, DEFAULT_VERSION } from './versions';

export { POLICIES, POLICY_REGISTRY } from './policies';
export type { Policy } from './policies';

/** Checks every `*.yaml`/`*.yml` file of `dir` (not recursive). Throws on an unreadable folder or bad options. */
export function check(dir: string, options: CheckOptions = {}): CheckReport {
  validateOptions(options);
  let folder: LoadedManifests;
  try {
    folder = loadFolder(dir);
  } catch (err) {
    if (err instanceof ManifestFolderError) throw new CheckUsageError(err.message);
    throw err;
  }
  const problems: Problem[] = [...folder.issues];
  if (folder.files.length === 0) {
    problems.push({ severity: 'error', file: '.', object: '-', field: '-', message: `no *.yaml, *.yml or *.json file in ${dir}: kubectl refuses a folder without manifests`, rule: 'yaml.no-files' });
  }
  return run(folder.documents, folder.files, problems, options, dir);
}

/**
 * Checks already-parsed documents (tests plant defects this way). `files` lists every file of
 * the folder, documents or not; by default, the files the documents come from.
 */
export function checkDocuments(
  documents: readonly ManifestDocument[],
  options: CheckOptions = {},
  files: readonly string[] = [...new Set(documents.map((d) => d.file))],
): CheckReport {
  validateOptions(options);
  return run(documents, files, [], options, undefined);
}

function validateOptions(options: CheckOptions): void {
  resolveVersion(options.k8s);
  selectPolicies(options.policy);
}

function run(
  documents: readonly ManifestDocument[],
  files: readonly string[],
  earlier: readonly Problem[],
  options: CheckOptions,
  directory: string | undefined,
): CheckReport {
  const version = resolveVersion(options.k8s);
  const { inventory, issues: inventoryProblems } = buildInventory(documents);
  const ctx: RuleContext = { inventory, templates: podTemplates(inventory), version, options, files };
  const found: Problem[] = [...earlier, ...inventoryProblems];
  if (files.length > 0 && inventory.objects.length === 0 && found.every((p) => p.severity !== 'error')) {
    found.push({ severity: 'error', file: '.', object: '-', field: '-', message: `no Kubernetes object in ${files.length === 1 ? 'the only file' : `any of the ${files.length} files`}: kubectl refuses to apply it ("no objects passed to apply")`, rule: 'yaml.no-objects' });
  }
  for (const rule of GENERIC_RULES) found.push(...rule(ctx));
  const policies = selectPolicies(options.policy);
  for (const policy of policies) found.push(...policy.check(ctx));
  let refined: Problem[] = found;
  for (const policy of policies) if (policy.refine) refined = policy.refine(refined, ctx);

  const problems = sortProblems(refined, files, inventory.objects.map((o) => o.ref));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const notes = problems.length - errors - warnings;
  return {
    version: version.label,
    schema: version.schema,
    policy: policies.length > 0 ? policies.map((p) => p.name).join(',') : null,
    ...(directory !== undefined ? { directory } : {}),
    files: [...files],
    problems,
    summary: { errors, warnings, notes, files: files.length, text: summaryText(errors, warnings, files.length, version.schema, version.label) },
  };
}
