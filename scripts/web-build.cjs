#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) with Vite, only when its sources changed:
// a hash of every input file is kept in web/dist/.build-hash. `--force` always builds.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { digest, upToDate, writeStamp } = require('./build-stamp.cjs');

const root = join(__dirname, '..');
const inputs = [
  'web/index.html',
  'web/vite.config.ts',
  'web/package.json',
  'web/src',
  'web/public',
  'clients/js/src',
  'src/core/contracts',
  'package-lock.json',
];
const stamp = join(root, 'web', 'dist', '.build-hash');
const value = digest(root, inputs);

if (!process.argv.includes('--force') && upToDate(stamp, value)) {
  console.log('web: web/dist is up to date');
  process.exit(0);
}
console.log('web: building web/dist (sources changed)');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const run = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // Always a production bundle, whatever NODE_ENV the caller runs under (Jest sets `test`, which Vite would honour).
  env: { ...process.env, NODE_ENV: 'production' },
});
if (run.status !== 0) process.exit(run.status ?? 1);
writeStamp(stamp, value);
