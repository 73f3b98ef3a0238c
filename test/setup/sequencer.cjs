// Which e2e files start first. Jest orders by the durations it recorded in an
// earlier run, and without them (a clean clone, as in CI) by file size, which
// can leave a three-minute drill for last while the other worker idles. The
// files below start other processes (server nodes, PostgreSQL clusters,
// Sentinels, Chromium audits) and take the longest: they go first, the rest as
// Jest would order them.
const Sequencer = require('@jest/test-sequencer').default;

const LONGEST_FIRST = [
  'test/pg-failover.e2e-spec.ts',
  'test/redis-sentinel.e2e-spec.ts',
  'test/boot.e2e-spec.ts',
  'test/web-app.e2e-spec.ts',
  'test/cluster-faults.e2e-spec.ts',
  'test/browser/lighthouse.e2e-spec.ts',
  'test/socket-origin.e2e-spec.ts',
  'clients/js/test/tokens.e2e-spec.ts',
  'test/notifications-delivery.e2e-spec.ts',
  'test/fuzz.e2e-spec.ts',
  'test/cluster.e2e-spec.ts',
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rank = (test) => {
      const i = LONGEST_FIRST.findIndex((file) => test.path.endsWith(file));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    return sorted
      .map((test, i) => ({ test, i }))
      .sort((a, b) => rank(a.test) - rank(b.test) || a.i - b.i)
      .map(({ test }) => test);
  }
}

module.exports = LongestFirst;
