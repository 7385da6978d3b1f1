#!/usr/bin/env node
// `npm run test:mutation:recheck [-- MODULE…]`: applies every mutant that the last Stryker run of a
// module left alive (survived or reached by no test; reports/mutation/<module>/mutation.json) to
// today's code, one at a time, and runs that module's mutation test set against it. It answers what
// Stryker's incremental mode cannot: whether tests written since the run kill those mutants (an
// incremental run does not test a *static* survivor again). A mutant whose line is gone or moved
// ambiguously is counted apart. Results: one line per mutant, a count per module, and
// reports/mutation/<module>/recheck.json. Works in a copy of the project in the temporary folder
// (removed at the end; not under .stryker-tmp/, which a Stryker run empties), so the working tree is
// never left mutated.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { modulesFromArgs } = require('./mutation-modules');

const ROOT = path.resolve(__dirname, '..');
const modules = modulesFromArgs('test:mutation:recheck', process.argv.slice(2));
const missing = modules.filter((m) => !fs.existsSync(reportOf(m)));
if (missing.length > 0) {
  process.stderr.write(`test:mutation:recheck: no Stryker report for ${missing.join(', ')}: run \`npm run test:mutation -- ${missing.join(' ')}\` first\n`);
  process.exit(2);
}

function reportOf(module) {
  return path.join(ROOT, 'reports', 'mutation', module, 'mutation.json');
}

/** A copy of the project to mutate: everything but what is not source, node_modules linked. */
function makeSandbox() {
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'bernstein-mutation-recheck-'));
  const skipped = new Set(['.git', 'node_modules', 'reports', '.stryker-tmp', 'lib', 'coverage', '.bench']);
  for (const entry of fs.readdirSync(ROOT)) {
    if (skipped.has(entry)) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(sandbox, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(sandbox, 'node_modules'), 'dir');
  return sandbox;
}

/** Where a mutant's code is in today's file: its first line's text must occur exactly once. */
function locate(oldLines, lines, location) {
  const { start, end } = location;
  const found = [];
  lines.forEach((line, i) => { if (line === oldLines[start.line - 1]) found.push(i); });
  if (found.length !== 1) return undefined;
  const shift = found[0] - (start.line - 1);
  const span = (from, ls) => ls.slice(from, from + end.line - start.line + 1).join('\n');
  if (span(found[0], lines) !== span(start.line - 1, oldLines)) return undefined;
  const offset = (loc) => lines.slice(0, loc.line - 1 + shift).reduce((n, l) => n + l.length + 1, 0) + loc.column - 1;
  return { from: offset(start), to: offset(end) };
}

function recheck(module, sandbox) {
  const report = JSON.parse(fs.readFileSync(reportOf(module), 'utf-8'));
  const results = [];
  for (const [file, data] of Object.entries(report.files)) {
    const target = path.join(sandbox, file);
    if (!fs.existsSync(target)) continue;
    const current = fs.readFileSync(target, 'utf-8');
    const oldLines = data.source.split('\n');
    const lines = current.split('\n');
    for (const mutant of data.mutants) {
      if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
      const where = `${file}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement).slice(0, 60)}`;
      const at = locate(oldLines, lines, mutant.location);
      let verdict = 'gone';
      if (at !== undefined) {
        fs.writeFileSync(target, current.slice(0, at.from) + mutant.replacement + current.slice(at.to));
        try {
          const run = spawnSync('npx', ['jest', '-c', 'jest.mutation.config.js', '--ci', '--silent'], {
            cwd: sandbox, env: { ...process.env, MUTATION_MODULE: module }, encoding: 'utf-8', timeout: 300000,
          });
          verdict = run.status === 0 ? 'survived' : 'killed';
        } finally {
          fs.writeFileSync(target, current);
        }
      }
      process.stdout.write(`${verdict.padEnd(8)} ${where}\n`);
      results.push({ file, id: mutant.id, line: mutant.location.start.line, mutator: mutant.mutatorName, replacement: mutant.replacement, verdict });
    }
  }
  fs.writeFileSync(path.join(ROOT, 'reports', 'mutation', module, 'recheck.json'), `${JSON.stringify(results, null, 2)}\n`);
  const count = (v) => results.filter((r) => r.verdict === v).length;
  return `src/${module}/: ${results.length} left alive by Stryker; now ${count('killed')} killed, ${count('survived')} survive, ${count('gone')} gone with their code`;
}

const sandbox = makeSandbox();
const cleanUp = () => fs.rmSync(sandbox, { recursive: true, force: true });
process.on('SIGINT', () => { cleanUp(); process.exit(130); });
const lines = [];
try {
  for (const module of modules) lines.push(recheck(module, sandbox));
} finally {
  cleanUp();
}
process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
