const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, rmSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const PREFIXES = ['parley-test-', 'parley-boot-', 'parley-lifecycle-', 'parley-config-'];
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** An embedded PostgreSQL still runs from inside the folder (pgrep, as clusterRunning does). */
function serverRunsIn(dir) {
  try {
    execFileSync('pgrep', ['-f', '--', `-D ${dir}/`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Removes temporary folders of earlier test runs that were killed before their
 * teardown (Ctrl-C, a crash). Other runs may be going on at the same time on
 * this machine, so a folder goes only when its owner process is gone, or, for
 * a folder without an owner file, when nothing has touched it for an hour.
 */
function removeAbandonedTestFolders() {
  const now = Date.now();
  for (const name of readdirSync(tmpdir())) {
    if (!PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    const dir = join(tmpdir(), name);
    try {
      const ownerFile = join(dir, 'owner.pid');
      const abandoned = existsSync(ownerFile)
        ? !alive(Number(readFileSync(ownerFile, 'utf8')))
        : now - statSync(dir).mtimeMs > ABANDONED_AFTER_MS && !serverRunsIn(dir);
      if (abandoned) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run removed it meanwhile, or it is not ours to read
    }
  }
}

module.exports = { removeAbandonedTestFolders };
