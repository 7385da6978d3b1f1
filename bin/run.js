#!/usr/bin/env node
// The `bernstein-cdk8s` command (package.json "bin") and the launcher of every npm script
// (synth, check, deploy, diagram, bench).
//
// Installed from the package, it runs the compiled CLI the tarball ships (build/src/cli/).
// In the repository (src/ next to bin/), it runs one esbuild bundle per command from lib/ and
// rebuilds the bundles only when a source file is newer than the last build, so a plain
// `npm run synth` neither type-checks nor starts a second CLI (type-checking is
// `npm run typecheck`, which CI runs). Bundling drops the unused generated Kubernetes classes
// and saves resolving dozens of modules.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lib = path.join(root, 'lib');
const stamp = path.join(lib, '.build-stamp');
const sourceDirs = ['src', 'imports'].map((d) => path.join(root, d));
const inRepository = fs.existsSync(path.join(root, 'src', 'cli'));

/** Every command, with what `--help` says of it. */
const COMMANDS = [
  ['synth', 'write a built-in stack\'s manifests (bernstein, promotions, lifespan, smack) to a folder'],
  ['check', 'check any folder of manifests offline: schema of a Kubernetes version, references, data safety, policies'],
  ['deploy', 'apply any folder of manifests with kubectl in dependency order (--dir DIR), or a built-in stack'],
  ['diagram', 'draw any folder of manifests as a Mermaid picture (--dir DIR), or a built-in stack'],
  ['bench', 'time synth against the cost of loading cdk8s (in a clone of the repository only)'],
];
const NAMES = COMMANDS.map(([name]) => name);

const HELP = `usage: bernstein-cdk8s <command> [options]   (in the repository: npm run <command> -- [options])

commands:
${COMMANDS.map(([name, what]) => `  ${name.padEnd(8)} ${what}`).join('\n')}

Run \`bernstein-cdk8s <command> --help\` for a command's options.
Usage errors exit 2; see each command's help for its other exit codes.
`;

/** Levenshtein distance, for the "did you mean" of a mistyped command. */
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}

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
      ...Object.fromEntries(NAMES.map((c) => [c, path.join(root, 'src', 'cli', `${c}.ts`)])),
    },
    outdir: lib,
    bundle: true,
    packages: 'external',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  fs.writeFileSync(stamp, '');
}

/** The command's `main`: a bundle in the repository, the compiled module in the package. */
function load(command) {
  if (inRepository) {
    ensureBuilt();
    return require(path.join(lib, `${command}.js`)).main;
  }
  return require(path.join(root, 'build', 'src', 'cli', `${command}.js`)).main;
}

// Exit codes are set, never forced with process.exit(): on a pipe, stdout is written
// asynchronously once the pipe's buffer (64 KiB) is full, and process.exit() would drop what
// is still queued. Node exits by itself once everything is written.
function finish(code) {
  process.exitCode = code;
}

function start() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'build' && inRepository) {
    ensureBuilt();
    return finish(0);
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return finish(0);
  }
  if (!NAMES.includes(command)) {
    const guess = command === undefined ? undefined : NAMES.find((name) => editDistance(command.toLowerCase(), name) <= 2);
    const what = command === undefined ? 'no command given' : `unknown command "${command}"${guess ? ` (did you mean ${guess}?)` : ''}`;
    process.stderr.write(`error: ${what}; allowed: ${NAMES.join(', ')}\n\n${HELP}`);
    return finish(2);
  }
  if (command === 'bench' && !inRepository) {
    process.stderr.write('error: bench times the synth of this project\'s own repository; run it in a clone: npm run bench\n');
    return finish(2);
  }
  Promise.resolve()
    .then(() => load(command)(args))
    .then(
      (code) => finish(typeof code === 'number' ? code : 0),
      (err) => {
        process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        finish(1);
      },
    );
}

start();
