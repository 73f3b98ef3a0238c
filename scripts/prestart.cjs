#!/usr/bin/env node
// `npm start` before the server: check what can be wrong in seconds (the configuration, a
// data folder another Parley holds), then build the web app and the server only if their
// sources changed. The server itself is started by package.json's `start` (start:prod's command).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
process.chdir(root);

function preflight() {
  require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } });
  const { InvalidConfigError, validateEnv } = require('../src/core/config/validate-env.ts');
  const { assertDataDirFree, DataDirLockedError } = require('../src/core/database/data-dir-lock.ts');
  if (existsSync('.env')) process.loadEnvFile('.env'); // as src/main.ts: the environment wins over the file
  try {
    const env = validateEnv(process.env);
    if (!env.DATABASE_URL) assertDataDirFree(env.DATA_DIR);
  } catch (error) {
    if (!(error instanceof InvalidConfigError || error instanceof DataDirLockedError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

preflight();
const web = spawnSync(process.execPath, [join(__dirname, 'web-build.cjs')], { stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);
process.exit(require('./server-build.cjs').buildServer(root));
