#!/usr/bin/env node
// `npm test`: the unit suite, then the e2e suite (both always run), then one
// closing line "N passed, N failed, N skipped" over both. Extra arguments go to Jest.
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const suites = [
  { name: 'unit', config: 'jest.config.js' },
  { name: 'e2e', config: 'test/jest-e2e.config.js' },
];
const outDir = join(__dirname, '..', '.jest-results');
mkdirSync(outDir, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
for (const suite of suites) {
  const outputFile = join(outDir, `${suite.name}.json`);
  rmSync(outputFile, { force: true });
  console.log(`\n=== ${suite.name} tests ===`);
  const run = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      require.resolve('jest/bin/jest'),
      '--config',
      suite.config,
      '--json',
      `--outputFile=${outputFile}`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  if (run.status !== 0) exitCode = 1;
  try {
    const result = JSON.parse(readFileSync(outputFile, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
    skipped += result.numPendingTests + result.numTodoTests;
  } catch {
    console.error(`${suite.name}: Jest wrote no results`);
    failed += 1;
    exitCode = 1;
  }
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exitCode);
