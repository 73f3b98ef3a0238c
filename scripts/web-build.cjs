#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) with Vite, only when its sources changed:
// a hash of every input file is kept in web/dist/.build-hash. `--force` always builds.
// Each build weighs what the first page load fetches (the entry script, its preloaded chunks and the
// stylesheet, gzipped) and fails above INITIAL_BUDGET: everything else loads on demand.
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { digest, upToDate, writeStamp } = require('./build-stamp.cjs');

const root = join(__dirname, '..');
const inputs = [
  'web/index.html',
  'web/vite.config.ts',
  'web/package.json',
  'web/src',
  'web/public',
  'clients/js/src',
  'clients/react/src',
  'clients/react/package.json',
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

const INITIAL_BUDGET = 200 * 1024;
const dist = join(root, 'web', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script type="module"|link rel="(?:modulepreload|stylesheet)")[^>]*(?:src|href)="\/(assets\/[^"]+)"/g)].map(
  (m) => m[1],
);
const bytes = initial.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0);
console.log(`web: initial load ${(bytes / 1024).toFixed(1)} KB gzipped (${initial.length} files; budget ${INITIAL_BUDGET / 1024} KB)`);
if (bytes > INITIAL_BUDGET) {
  console.error('web: the initial load is over budget: load the new code on demand (React.lazy) or trim it');
  process.exit(1);
}
writeStamp(stamp, value);
