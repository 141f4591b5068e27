/** ts-jest in ESM mode; `isolatedModules` in tsconfig makes it transpile file by file (fast, no type check). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  testTimeout: 30000,
  // `npm run test:coverage`: every source file counts, also the ones no test loads.
  collectCoverageFrom: ['core/**/*.ts', 'src/**/*.ts', 'datasources/**/*.ts', 'resolvers/**/*.ts', 'schema/**/*.ts'],
  coverageReporters: ['text-summary'],
};
