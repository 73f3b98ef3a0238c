// Runs Lighthouse (the npm package) against a Chromium that is already running with a
// remote-debugging port, on a page its default context is signed in to, and prints the
// category scores and the failed audits as one JSON line. A child process: Lighthouse
// is an ES module, and Jest's CommonJS test files cannot import it.
// Usage: node test/support/lighthouse-run.mjs <port> <url>
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const [port, url] = process.argv.slice(2);
const result = await lighthouse(
  url,
  {
    port: Number(port),
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['accessibility', 'best-practices'],
    // The signed-in session is in the page's storage: keep it.
    disableStorageReset: true,
  },
  desktopConfig,
);
const { categories, audits } = result.lhr;
const failed = Object.values(audits)
  .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
  .map((a) => ({ id: a.id, title: a.title, score: a.score }));
process.stdout.write(
  JSON.stringify({
    url,
    lighthouse: result.lhr.lighthouseVersion,
    scores: Object.fromEntries(Object.entries(categories).map(([id, c]) => [id, Math.round((c.score ?? 0) * 100)])),
    failed,
  }) + '\n',
);
