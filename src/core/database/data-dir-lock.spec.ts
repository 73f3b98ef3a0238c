import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, assertDataDirFree, DataDirLockedError } from './data-dir-lock';

describe(acquireDataDirLock.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-config-lock-'));
  const file = join(dir, 'parley.pid');
  const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
  let other: ChildProcess; // another live Node process
  beforeAll(() => {
    other = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 60000)'], { stdio: 'ignore' });
  });
  afterAll(() => {
    other.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => rmSync(file, { force: true }));

  it('writes this pid and removes the file on release', () => {
    const lock = acquireDataDirLock(dir, () => undefined);
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a folder held by another live Node process, naming it', () => {
    const holder = other.pid!;
    writeFileSync(file, JSON.stringify({ pid: holder, started_at: '2026-01-01T00:00:00.000Z' }));
    expect(() => acquireDataDirLock(dir, () => undefined)).toThrow(DataDirLockedError);
    expect(() => assertDataDirFree(dir)).toThrow(`Another Parley (pid ${holder}, started 2026-01-01T00:00:00.000Z) is using the data folder ${dir}.`);
  });

  it.each([
    ['a process that is gone', () => JSON.stringify({ pid: deadPid() })],
    ['a torn write', () => ''],
  ])('replaces a stale lock left by %s', (_name, content) => {
    writeFileSync(file, content());
    const said: string[] = [];
    const lock = acquireDataDirLock(dir, (line) => said.push(line));
    expect(said).toEqual([expect.stringContaining('Removed a stale lock')]);
    expect(() => assertDataDirFree(dir)).not.toThrow(); // our own pid
    lock.release();
  });

  it('leaves a lock that another process took after ours alone on release', () => {
    const lock = acquireDataDirLock(dir, () => undefined);
    writeFileSync(file, JSON.stringify({ pid: other.pid }));
    lock.release();
    expect(existsSync(file)).toBe(true);
  });
});
