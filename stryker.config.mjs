// Mutation testing (docs/mutation.md): `npm run test:mutation [-- MODULE…]` runs one Stryker run
// per module (scripts/mutation.js), with MUTATION_MODULE naming it; jest.mutation.config.js then
// runs that module's behaviour tests. Without MUTATION_MODULE (`npx stryker run`), every module
// against every behaviour test.
import mutationModules from './scripts/mutation-modules.js';

const { MODULES } = mutationModules;
const module = process.env.MUTATION_MODULE;
if (module !== undefined && !MODULES.includes(module)) {
  throw new Error(`MUTATION_MODULE "${module}"; allowed: ${MODULES.join(', ')}`);
}
const reports = `reports/mutation/${module ?? 'all'}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // The module's tests are chosen by jest.mutation.config.js; jest's related-test search would see
  // only the test files that import a mutated file directly (jest's roots hold the tests only).
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  // swc strips types without checking them; the TypeScript checker drops mutants that do not compile.
  disableTypeChecks: false,
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: (module ? [module] : MODULES).map((m) => `src/${m}/**/*.ts`),
  ignorePatterns: ['lib', 'build', '.bench', 'cdk8s.out', 'coverage', 'reports', '*.tgz'],
  // The machine has 2 cores, shared.
  concurrency: 2,
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/mutation.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
