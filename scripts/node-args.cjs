// The Node.js flags the server process runs with. They are written once, in package.json's
// `start:prod` (`node <flags> dist/src/main.js`); `npm start`, the Dockerfile, the e2e helpers
// that start real processes and the benchmark all launch the server with these
// (test/lifecycle.e2e-spec.ts checks that the launch commands agree).
//
// Why --v8-pool-size=1 (one V8 helper thread per process), with the measurements:
// docs/operations.md, "Node.js flags".
const { scripts } = require('../package.json');

const LAUNCH = /^node((?: --[a-z0-9-]+(?:=\S+)?)*) dist\/src\/main\.js$/;

function serverNodeArgs() {
  const match = LAUNCH.exec(scripts['start:prod']);
  if (!match) throw new Error(`package.json start:prod is not "node [--flag...] dist/src/main.js": ${scripts['start:prod']}`);
  return match[1].split(' ').filter(Boolean);
}

module.exports = { serverNodeArgs };
