/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is cores - 1: a single worker on this 2-core machine.
  maxWorkers: 2,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // swc strips types without checking them: `npm run typecheck` (tsc) is the type gate.
  // Examples and library tests import the package by name, as users do; here that is the source.
  moduleNameMapper: { '^bernstein-cdk8s$': '<rootDir>/src/index.ts' },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
