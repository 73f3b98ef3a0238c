// The Node.js flags the server process runs with. They are written once, in package.json's
// `start:prod` (`node <flags> dist/src/main.js`); `npm start`, the Dockerfile, the e2e helpers
// that start real processes and the benchmark all launch the server with these
// (test/lifecycle.e2e-spec.ts checks that the launch commands agree).
//
// --v8-pool-size=1: one V8 helper thread (concurrent marking, parallel scavenges, background
// compilation) instead of Node's default of four. Parley scales out by processes, one per core
// (README, "Scaling out"), so a process must not assume the machine's other cores are idle: with
// four helpers on two cores a major GC's concurrent marking took 110-160 ms of CPU, crowding out
// the main thread and PostgreSQL, and stalled requests for 40-60 ms; with one it takes 45-55 ms
// beside the main thread (README, "Performance").
const { scripts } = require('../package.json');

const LAUNCH = /^node((?: --[a-z0-9-]+(?:=\S+)?)*) dist\/src\/main\.js$/;

function serverNodeArgs() {
  const match = LAUNCH.exec(scripts['start:prod']);
  if (!match) throw new Error(`package.json start:prod is not "node [--flag...] dist/src/main.js": ${scripts['start:prod']}`);
  return match[1].split(' ').filter(Boolean);
}

module.exports = { serverNodeArgs };
