/**
 * Unit specs live beside the code they test (src/**\/*.spec.ts).
 * NestJS 12 ships ES modules only, so Jest runs in its native ESM mode
 * (node --experimental-vm-modules) and ts-jest emits ESM.
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  // The SDK's pure parts have their unit specs beside them too, and so do the scripts (the SQL snapshot).
  roots: ['<rootDir>/src', '<rootDir>/clients/js/src', '<rootDir>/scripts'],
  testRegex: '\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  // ESM-style relative imports ('./x.js', as the Swagger plugin emits) resolve to the .ts source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', useESM: true, isolatedModules: true }],
  },
};
