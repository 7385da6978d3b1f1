#!/usr/bin/env node
// Launcher for every npm script (synth, check, deploy, diagram, bench).
// It runs one esbuild bundle per command from lib/ and rebuilds the bundles only when a
// source file is newer than the last build, so a plain `npm run synth` neither type-checks
// nor starts a second CLI (type-checking is `npm run typecheck`, which CI runs). Bundling
// drops the unused generated Kubernetes classes and saves resolving dozens of modules.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lib = path.join(root, 'lib');
const stamp = path.join(lib, '.build-stamp');
const sourceDirs = ['src', 'imports'].map((d) => path.join(root, d));

const COMMANDS = ['synth', 'check', 'deploy', 'diagram', 'bench'];

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
    entryPoints: {
      index: path.join(root, 'src', 'index.ts'),
      // Child process of the benchmark's scaling run.
      'scale-runner': path.join(root, 'src', 'bench', 'scale-runner.ts'),
      ...Object.fromEntries(COMMANDS.map((c) => [c, path.join(root, 'src', 'cli', `${c}.ts`)])),
    },
    outdir: lib,
    bundle: true,
    packages: 'external',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  fs.writeFileSync(stamp, "");
}

const [command, ...args] = process.argv.slice(2);
if (command === 'build') {
  ensureBuilt();
  process.exit(0);
}
if (!COMMANDS.includes(command)) {
  console.error(`error: unknown command "${command ?? ''}"; allowed: build, ${COMMANDS.join(', ')}`);
  process.exit(2);
}
ensureBuilt();
const { main } = require(path.join(lib, `${command}.js`));
Promise.resolve(main(args)).then(
  (code) => process.exit(typeof code === 'number' ? code : 0),
  (err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
