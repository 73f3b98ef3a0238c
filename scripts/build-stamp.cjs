// A build is skipped when a hash of every input file equals the one stored beside its output
// by the last successful build (content, not mtimes: a checkout or a copy keeps it valid).
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

function files(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(root, join(path, name)));
}

/** sha256 over the names and contents of `inputs` (files or folders, relative to `root`). */
function digest(root, inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((input) => files(root, input)))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

function upToDate(stampFile, value) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === value;
}

function writeStamp(stampFile, value) {
  writeFileSync(stampFile, value);
}

module.exports = { digest, upToDate, writeStamp };
