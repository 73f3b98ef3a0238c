#!/usr/bin/env node
// Compiles the server (`nest build`: src -> dist) only when its inputs changed: a hash of
// them is kept in dist/.build-hash (`nest build` empties dist first, so a build started by
// anything else drops the stamp and the next start builds again). `--force` always builds.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { digest, upToDate, writeStamp } = require('./build-stamp.cjs');

/** What `nest build` reads: the sources, the compiler and Nest CLI settings, the installed packages. */
const INPUTS = ['src', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];

/** True when dist was built from exactly these inputs. */
function serverBuildCurrent(root) {
  return existsSync(join(root, 'dist', 'src', 'main.js')) && upToDate(join(root, 'dist', '.build-hash'), digest(root, INPUTS));
}

function buildServer(root, { force = false } = {}) {
  if (!force && serverBuildCurrent(root)) {
    console.log('server: dist is up to date');
    return 0;
  }
  console.log('server: building dist (sources changed)');
  const value = digest(root, INPUTS); // before the build: an edit made during it triggers the next one
  const nest = join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  const run = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) return run.status ?? 1;
  writeStamp(join(root, 'dist', '.build-hash'), value);
  return 0;
}

module.exports = { INPUTS, serverBuildCurrent, buildServer };

if (require.main === module) process.exit(buildServer(join(__dirname, '..'), { force: process.argv.includes('--force') }));
