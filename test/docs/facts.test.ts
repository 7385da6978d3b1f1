// The project's docs stand on their own: every link to docs/facts.md lands on a section, every
// section gives its sources, and README/docs only point at files that exist.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const FACTS = 'docs/facts.md';

function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === '__snapshots__' ? [] : filesUnder(rel, pattern);
    return pattern.test(entry.name) ? [rel] : [];
  });
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf-8');
const markdown = ['README.md', ...filesUnder('docs', /\.md$/)];
const sources = [...markdown, ...filesUnder('src', /\.ts$/), ...filesUnder('test', /\.ts$/), 'cdk8s.yaml'];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const sections = read(FACTS).split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
const anchors = new Set(sections.map(slug));

describe('docs/facts.md', () => {
  test('every link to a section (from README, docs, code and tests) lands on one', () => {
    const links = sources.flatMap((file) => [...read(file).matchAll(/docs\/facts\.md#([\w-]+)/g)].map((m) => ({ file, anchor: m[1] })));
    const internal = [...read(FACTS).matchAll(/\]\(#([\w-]+)\)/g)].map((m) => ({ file: FACTS, anchor: m[1] }));
    expect(links.length).toBeGreaterThan(0);
    expect([...links, ...internal].filter((l) => !anchors.has(l.anchor))).toEqual([]);
  });

  test('every section names its source', () => {
    const bodies = read(FACTS).split(/^## /m).slice(1);
    expect(bodies.filter((body) => !/Sources?:/.test(body) && !/https:\/\//.test(body)).map((b) => b.split('\n')[0])).toEqual([]);
  });

  test('nothing points at a facts file outside the project', () => {
    const outside = sources.filter((file) => file !== 'test/docs/facts.test.ts' && /FACTS\.md|\.\.\/shared/.test(read(file)));
    expect(outside).toEqual([]);
  });
});

describe('README and docs reference files that exist', () => {
  test.each(markdown)('%s: relative links', (file) => {
    const links = [...read(file).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.filter((l) => !fs.existsSync(path.join(ROOT, path.dirname(file), l)))).toEqual([]);
  });

  test.each(markdown)('%s: project paths in code spans', (file) => {
    const paths = [...read(file).matchAll(/`((?:src|test|docs|scripts|bin|schemas|imports|\.ci)\/[^`\s<>*…]*)`/g)].map((m) => m[1]);
    expect(paths.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });

  const projectFiles = new Set(['src', 'test', 'scripts', 'bin', 'examples', 'docs', 'imports']
    .filter((dir) => fs.existsSync(path.join(ROOT, dir)))
    .flatMap((dir) => filesUnder(dir, /./))
    // The root's own files too (jest.config.js, stryker.config.json, …).
    .concat(fs.readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name))
    .map((file) => path.basename(file)));

  test.each(markdown)('%s: file names in code spans (e.g. `placement.ts`) name a project file', (file) => {
    const names = [...read(file).matchAll(/`([\w.-]+\.(?:ts|js))`/g)].map((m) => m[1]);
    expect(names.filter((name) => !projectFiles.has(name))).toEqual([]);
  });
});
