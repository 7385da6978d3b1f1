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
const { MODULE_TESTS } = require('./scripts/mutation-modules');

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
