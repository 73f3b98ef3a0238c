/**
 * e2e specs boot the real app against a real PostgreSQL: the embedded one
 * (started once in global setup) unless DATABASE_URL names a server. Jest
 * runs in native ESM mode because NestJS 12 ships ES modules only.
 */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  // The SDK's own suite (clients/js/test) runs against the real app too.
  roots: ['<rootDir>/test', '<rootDir>/clients/js/test'],
  // test/medium/*.medium-spec.ts run here too: they need the same server (a service and a real database, no HTTP).
  testRegex: '\\.(e2e|medium)-spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  // ESM-style relative imports ('./x.js', as the Swagger plugin emits) resolve to the .ts source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/setup/global-setup.cjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.cjs',
  testSequencer: '<rootDir>/test/setup/sequencer.cjs',
  // Generous: a hook that boots an app from cold ESM modules can take half a minute on a busy 2-core machine.
  testTimeout: 60000,
  maxWorkers: 2,
  // Each file loads the whole app into its worker's ESM registry, and a worker kept growing to about 4 GB over a run,
  // slowing every later file with garbage collection: a worker above this is replaced after its file.
  workerIdleMemoryLimit: '1536MB',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: 'tsconfig.spec.json',
        useESM: true,
        astTransformers: { before: ['<rootDir>/swagger-transformer.js'] },
      },
    ],
  },
};
