const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
  const run = globalThis.parleyTestDatabase;
  if (!run) {
    // A server DATABASE_URL names outlives the run: its template goes (the embedded server goes whole).
    const template = process.env.PARLEY_TEST_TEMPLATE;
    if (template && process.env.PARLEY_TEST_ADMIN_URL) {
      const { Client } = require('pg');
      const admin = new Client({ connectionString: process.env.PARLEY_TEST_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).finally(() => admin.end());
    }
    return;
  }
  await run.server.stop();
  rmSync(run.root, { recursive: true, force: true });
};
