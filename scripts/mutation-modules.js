// The modules `npm run test:mutation` measures (docs/mutation.md) and each one's behaviour tests: one
// list for scripts/mutation.js, scripts/mutation-recheck.js, stryker.config.mjs and
// jest.mutation.config.js.
'use strict';

/**
 * Each module's behaviour tests: its own folder, and the tests of what is built on it that can
 * notice a change in it (not, e.g., the checker's runs over the committed folders, which a
 * mutant never changes).
 */
const MODULE_TESTS = {
  network: ['test/network/**', 'test/hardened/constructs.test.ts'],
  output: ['test/output/**', 'test/library/write-manifests.test.ts'],
  // deploy's in-process tests of its functions; its CLI tests (test/deploy/deploy, watch, data-node,
  // images, folder, gateway-and-runtime) reach the same code through `main`, synthesizing stacks
  // in every test: some 20 s per mutant on 2 shared cores, hours for the module.
  deploy: ['test/deploy/cluster-reads.test.ts', 'test/deploy/execute.test.ts', 'test/deploy/folder-plan.test.ts', 'test/deploy/entry-points.test.ts', 'test/deploy/pods.test.ts', 'test/deploy/plan.test.ts'],
  validation: ['test/validation/**'],
  // The manifest model's own tests only: the checker's, deploy's and diagram's reach it too, but build
  // their folders once per file, so every mutant would run them all (hours on 2 cores).
  manifests: ['test/manifests/**'],
};

const MODULES = Object.keys(MODULE_TESTS);

/** The modules named in `args` (all of them when none), or exit 2 naming the unknown ones and what is allowed. */
function modulesFromArgs(command, args) {
  const unknown = args.filter((m) => !MODULES.includes(m));
  if (unknown.length > 0) {
    process.stderr.write(`${command}: unknown module ${unknown.join(', ')}; allowed: ${MODULES.join(', ')}\n`);
    process.exit(2);
  }
  return args.length > 0 ? args : MODULES;
}

module.exports = { MODULE_TESTS, MODULES, modulesFromArgs };
