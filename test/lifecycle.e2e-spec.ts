import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import request from 'supertest';
import { registerUser } from './support/factories';
import { runToExit, serverNodeArgs, startServer } from './support/server-process';
import { ClientSocket, connect } from './support/sockets';

const localRequire = createRequire(join(process.cwd(), 'package.json'));
const { removeAbandonedTestFolders } = localRequire('./test/setup/temp-folders.cjs') as { removeAbandonedTestFolders(): void };
const { INPUTS, serverBuildCurrent } = localRequire('./scripts/server-build.cjs') as { INPUTS: string[]; serverBuildCurrent(root: string): boolean };
const { digest, writeStamp } = localRequire('./scripts/build-stamp.cjs') as {
  digest(root: string, inputs: string[]): string;
  writeStamp(file: string, value: string): void;
};

/** npm start's steps before the server (scripts/prestart.cjs), run to their end. */
const prestart = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['scripts/prestart.cjs'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

/** What `npm start` says about itself: start-up, a second start on the same folder, shutdown. */
describe('Process lifecycle (e2e)', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-lifecycle-'));
  const dataDir = join(root, 'data');
  const lockFile = join(dataDir, 'parley.pid');
  writeFileSync(join(root, 'owner.pid'), String(process.pid));

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('logs the migrations it ran and the address it bound; a second start on the same data folder names the holder; shutdown logs its steps', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    const pid = first.process.pid!;
    expect(first.output()).toMatch(/Migrations: applied \d+ \(InitialSchema\d+, /);
    expect(first.output()).toMatch(new RegExp(`Listening on http://127\\.0\\.0\\.1:(\\d+)/ \\(bound to 127\\.0\\.0\\.1:\\d+, pid ${pid};`));
    expect(first.output()).toContain(`Swagger UI: ${first.url}/docs | API: ${first.url}/api/v1/... (REST) and ${first.url}/chat (Socket.IO)`);
    expect(first.output()).toContain(`Node.js ${process.version} ${serverNodeArgs().join(' ')} `);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(pid);

    const second = await runToExit({ DATA_DIR: dataDir, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1' });
    expect(second.code).toBe(1);
    expect(second.output).toContain(`Another Parley (pid ${pid}, started `);
    expect(second.output).toContain(`is using the data folder ${dataDir}`);
    expect(second.output).not.toContain('ExceptionHandler');
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200); // the first one is untouched

    await first.stop('SIGTERM');
    expect(first.process.exitCode).toBe(0);
    const steps = ['Shutting down on SIGTERM', 'Database pool closed', 'Embedded PostgreSQL stopped', `Released the data folder lock ${lockFile}`];
    const at = steps.map((step) => first.output().indexOf(step));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(existsSync(lockFile)).toBe(false);
  }, 120_000);

  it('replaces a lock left by a process that is gone, and says that no migration was pending', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(lockFile, JSON.stringify({ pid: Number(gone), started_at: '2020-01-01T00:00:00.000Z' }));
    const server = await startServer({ DATA_DIR: dataDir });
    expect(server.output()).toContain(`Removed a stale lock ${lockFile} left by pid ${gone}, which is no longer running`);
    expect(server.output()).toMatch(/Migrations: none pending; the schema is at \w+\d+ \(\d+ in all\)/);
    await server.stop('SIGINT');
    expect(existsSync(lockFile)).toBe(false);
  }, 120_000);

  it('logs what a person needs at INFO, answers GET /health in JSON, and stops with browsers connected without an error', async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    const sockets: ClientSocket[] = [];
    try {
      expect(server.output()).not.toMatch(/Mapped \{|dependencies initialized|RoutesResolver|subscribed to the/);
      const health = await fetch(`${server.url}/health`, { headers: { Accept: 'text/html' } });
      expect(health.status).toBe(404);
      expect(await health.json()).toEqual({ code: 'not_found', detail: expect.stringContaining('GET /health/live') });
      expect((await fetch(`${server.url}/health/nothing`)).headers.get('content-type')).toMatch(/application\/json/);

      const users = await Promise.all([registerUser(request(server.url)), registerUser(request(server.url))]);
      sockets.push(...(await Promise.all(users.map((user) => connect(server.url, user.access)))));
    } finally {
      await server.stop('SIGTERM');
      sockets.forEach((socket) => socket.close());
    }
    expect(server.process.exitCode).toBe(0);
    expect(server.output()).toContain('Embedded PostgreSQL stopped');
    expect(server.output()).not.toMatch(/QueryFailedError|ERROR|\n\s+at /);
  }, 120_000);

  it('is launched with the same Node.js flags by npm start, start:prod and the Docker image', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    const flags = serverNodeArgs();
    // One V8 helper thread per process: scripts/node-args.cjs and the README's Performance section say why.
    expect(flags).toContain('--v8-pool-size=1');
    expect(scripts['start:prod']).toBe(['node', ...flags, 'dist/src/main.js'].join(' '));
    expect(scripts.start.split(' && ').at(-1)).toBe(scripts['start:prod']);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'));
    expect(JSON.parse(cmd![1])).toEqual(['node', ...flags, 'dist/src/main.js']);
  });

  it('npm start reports bad configuration and a held data folder before building anything', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(`node scripts/prestart.cjs && ${scripts['start:prod']}`);

    const bad = prestart({ DATA_DIR: dataDir, PORT: 'eighty' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Invalid configuration:\n {2}- PORT: /);
    expect(bad.stdout).not.toMatch(/web:|server:/);

    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, started_at: '2026-01-01T00:00:00.000Z' })); // a live Node process holds it
    try {
      const held = prestart({ DATA_DIR: dataDir });
      expect(held.status).toBe(1);
      expect(held.stderr).toContain(`Another Parley (pid ${process.pid}, started 2026-01-01T00:00:00.000Z) is using the data folder ${dataDir}`);
      expect(held.stdout).not.toMatch(/web:|server:/);
    } finally {
      rmSync(lockFile, { force: true });
    }
  });

  it('npm start builds the server only when one of its inputs changed', () => {
    const project = join(root, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    mkdirSync(join(project, 'dist', 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'main.ts'), 'export {};\n');
    writeFileSync(join(project, 'tsconfig.json'), '{}\n');
    expect(serverBuildCurrent(project)).toBe(false); // never built
    writeFileSync(join(project, 'dist', 'src', 'main.js'), '');
    writeStamp(join(project, 'dist', '.build-hash'), digest(project, INPUTS));
    expect(serverBuildCurrent(project)).toBe(true);
    writeFileSync(join(project, 'src', 'main.ts'), 'export const changed = 1;\n');
    expect(serverBuildCurrent(project)).toBe(false);
    writeStamp(join(project, 'dist', '.build-hash'), digest(project, INPUTS));
    writeFileSync(join(project, 'tsconfig.json'), '{"compilerOptions": {}}\n');
    expect(serverBuildCurrent(project)).toBe(false);
  });

  it('removes temporary folders of test runs whose process is gone, and keeps those of live runs', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const abandoned = mkdtempSync(join(tmpdir(), 'parley-test-'));
    writeFileSync(join(abandoned, 'owner.pid'), gone);
    removeAbandonedTestFolders();
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(root)).toBe(true); // owned by this live run
  });
});
