/**
 * The suite Stryker runs for each mutant (`npm run test:mutation`, stryker.config.json): every
 * behaviour test, without
 * - the committed-folder comparison (test/output/committed.test.ts): a mutant must be killed by a
 *   test that says what is wrong, not only by bytes that a regeneration of the folders would accept;
 * - the property-based suite (its own command), the benchmark's tests, and the tests that spawn
 *   the CLI or the examples in child processes (a mutant is only active in the test runner's own
 *   process; there they would only cost time).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    ...base.testPathIgnorePatterns,
    '<rootDir>/test/output/committed\\.test\\.ts$',
    '<rootDir>/test/bench/',
    '<rootDir>/test/cli/npm-flags\\.test\\.ts$',
    '<rootDir>/test/library/examples\\.test\\.ts$',
  ],
};
