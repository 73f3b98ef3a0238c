#!/usr/bin/env node
// Builds the web app (web/ -> web/dist) with Vite, only when its sources changed:
// a hash of every input file is kept in web/dist/.build-hash. `--force` always builds.
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const inputs = ['web/index.html', 'web/vite.config.ts', 'web/package.json', 'web/src', 'web/public', 'clients/js/src', 'src/contracts', 'package-lock.json'];
const stamp = join(root, 'web', 'dist', '.build-hash');

function files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).sort().flatMap((name) => files(join(path, name)));
}

const hash = createHash('sha256');
for (const file of inputs.flatMap(files)) hash.update(relative(root, join(root, file))).update('\0').update(readFileSync(join(root, file))).update('\0');
const digest = hash.digest('hex');

if (!process.argv.includes('--force') && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
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
writeFileSync(stamp, digest);
