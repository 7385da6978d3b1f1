// docs/checker.md documents every rule id the checker can report.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

test('every rule id in the checker source is in the rule index of docs/checker.md', () => {
  const code = [...sources(path.join(ROOT, 'src', 'checker')), ...sources(path.join(ROOT, 'src', 'manifests'))].join('\n');
  const literal = [...code.matchAll(/'((?:yaml|path|api|schema|metadata|payload|secret|scope|object|ref|pod|service|storage|data|restricted|bernstein|image|hostpath|ingress)\.[a-z0-9.-]+)'/g)].map((m) => m[1]);
  // The restricted policy builds its ids as `restricted.${rule}` from add('rule', …) calls.
  const restricted = [...fs.readFileSync(path.join(ROOT, 'src', 'checker', 'policy-restricted', 'index.ts'), 'utf8').matchAll(/\badd\('([a-z-]+)'/g)].map((m) => `restricted.${m[1]}`);
  // Strings of the same shape that are field paths or API groups, not rule ids.
  const notRules = new Set(['metadata.namespace', 'metadata.annotations', 'storage.k8s.io']);
  const ids = [...new Set([...literal, ...restricted])].filter((id) => !notRules.has(id)).sort();
  expect(restricted.length).toBeGreaterThan(0);
  const index = fs.readFileSync(path.join(ROOT, 'docs', 'checker.md'), 'utf8').split('## Rule index')[1] ?? '';
  expect(ids.filter((id) => !index.includes(`\`${id}\``))).toEqual([]);
});
