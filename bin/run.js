#!/usr/bin/env node
// Launcher for every npm script (synth, check, deploy, bench).
// It runs the compiled JavaScript in lib/ and re-transpiles src/ with esbuild only when a
// source file is newer than the last build, so a plain `npm run synth` neither type-checks
// nor starts a second CLI (type-checking is `npm run typecheck`, run by `npm test` in CI).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lib = path.join(root, 'lib');
const stamp = path.join(lib, '.build-stamp');
const sourceDirs = ['src', 'imports'].map((d) => path.join(root, d));

const COMMANDS = {
  synth: 'src/cli/synth.js',
  check: 'src/cli/check.js',
  deploy: 'src/cli/deploy.js',
  diagram: 'src/cli/diagram.js',
  bench: 'src/cli/bench.js',
};

function listSources(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listSources(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function newestMtime(files) {
  let newest = 0;
  for (const f of files) newest = Math.max(newest, fs.statSync(f).mtimeMs);
  return newest;
}

function ensureBuilt() {
  const sources = sourceDirs.flatMap((d) => listSources(d, []));
  let built = -1;
  try {
    built = fs.statSync(stamp).mtimeMs;
  } catch {
    // no build yet
  }
  if (built >= newestMtime(sources)) return;
  const esbuild = require('esbuild');
  esbuild.buildSync({
    entryPoints: sources,
    outdir: lib,
    outbase: root,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  fs.writeFileSync(stamp, "");
}

const [command, ...args] = process.argv.slice(2);
const entry = COMMANDS[command];
if (!entry) {
  console.error(`error: unknown command "${command ?? ''}"; allowed: ${Object.keys(COMMANDS).join(', ')}`);
  process.exit(2);
}
ensureBuilt();
const { main } = require(path.join(lib, entry));
Promise.resolve(main(args)).then(
  (code) => process.exit(typeof code === 'number' ? code : 0),
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
