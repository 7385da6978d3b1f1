#!/usr/bin/env node
// `npm run test:mutation [-- MODULE…]`: one Stryker run per module (all five by default), each
// against that module's behaviour tests (jest.mutation.config.js), with its own incremental file,
// then one line per module: mutants, killed, survived, score and run time.
// Reports: reports/mutation/<module>/mutation.html and mutation.json.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { modulesFromArgs } = require('./mutation-modules');

const ROOT = path.resolve(__dirname, '..');
const modules = modulesFromArgs('test:mutation', process.argv.slice(2));

/** Mutant counts of a Stryker JSON report (mutation-testing-report-schema), and the score as Stryker computes it. */
function summary(reportFile) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
  const counts = {};
  for (const file of Object.values(report.files)) for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const undetected = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { counts, score: detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected) };
}

const lines = [];
let failed = false;
for (const module of modules) {
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, MUTATION_MODULE: module } });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  if (run.status !== 0) {
    failed = true;
    lines.push(`src/${module}/: stryker failed (exit ${run.status}) after ${minutes} min`);
    continue;
  }
  const { counts, score } = summary(path.join(ROOT, 'reports', 'mutation', module, 'mutation.json'));
  const shown = Object.entries(counts).sort().map(([status, n]) => `${status} ${n}`).join(', ');
  lines.push(`src/${module}/: score ${score.toFixed(1)}% (${shown}) in ${minutes} min`);
}
process.stdout.write(`\nMutation score per module:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
process.exit(failed ? 1 : 0);
