/**
 * The suite Stryker runs for each mutant (`npm run test:mutation`, stryker.config.mjs): the
 * behaviour tests of the module under MUTATION_MODULE (all of them without it), never
 * - the committed-folder comparison (test/output/committed.test.ts): a mutant must be killed by a
 *   test that says what is wrong, not only by bytes that a regeneration of the folders would accept;
 * - the property-based suite (its own command), the benchmark's tests, and the tests that spawn
 *   the CLI or the examples in child processes (a mutant is only active in the test runner's own
 *   process; there they would only cost time).
 */
const base = require('./jest.config');

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

const selected = process.env.MUTATION_MODULE;

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  ...(selected === undefined ? {} : { testMatch: MODULE_TESTS[selected].map((glob) => `<rootDir>/${glob.endsWith('**') ? `${glob}/*.test.ts` : glob}`) }),
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '<rootDir>/test/output/committed\\.test\\.ts$',
    '<rootDir>/test/bench/',
    '<rootDir>/test/cli/npm-flags\\.test\\.ts$',
    '<rootDir>/test/library/examples\\.test\\.ts$',
  ],
};
