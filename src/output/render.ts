import { stringify } from 'yaml';
import { ManifestDocument } from './layout';

/**
 * Renders documents as one YAML stream. Every document, the first included, starts with
 * `---` so files can be concatenated safely; long strings are never folded (lineWidth 0),
 * which keeps the output byte-stable and diff-friendly.
 */
export function renderYaml(documents: readonly ManifestDocument[]): string {
  return documents.map((doc) => `---\n${stringify(doc, { lineWidth: 0, minContentWidth: 0 })}`).join('');
}
