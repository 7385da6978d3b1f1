/** `npm run test:fuzz`: only the property-based suites, which `npm test` leaves out (jest.config.js). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/validation/fuzz.test.ts', '<rootDir>/test/**/*.fuzz.test.ts'],
};
