const { rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
  const run = globalThis.parleyTestDatabase;
  if (!run) return;
  await run.server.stop();
  rmSync(run.root, { recursive: true, force: true });
};
