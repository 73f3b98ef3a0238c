import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The SDK as a frontend gets it: built, packed with `npm pack`, installed from
 * the tarball into a scratch project (no workspace, no path mapping) and
 * type-checked there with the repo's TypeScript and skipLibCheck off, under
 * module/moduleResolution nodenext (import and require), node16 and bundler;
 * then loaded by Node, both imported and required.
 *
 * The package is built into a temporary folder (tsc --outDir) and packed from
 * a copy of its package.json, so a concurrent run or a developer's
 * clients/js/dist is never touched. Installing works offline: the SDK's
 * runtime dependencies are linked from the repo's node_modules (file:), where
 * `npm ci` put the versions it pins.
 */
const root = process.cwd();
const sdkDir = join(root, 'clients', 'js');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

interface Run {
  code: number | null;
  output: string;
}

/** Never rejects: the exit code and everything printed, for assertions that show the output when they fail. */
function run(command: string, args: string[], cwd: string): Promise<Run> {
  // npm passes its own config to scripts as npm_* variables (the repo's prefix among them): not for the scratch project.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) || /^npm_config_(cache|userconfig)$/i.test(name)),
  );
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

function ok(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

/** A consumer that uses the client, the REST types and the wire and socket types. */
const ESM_CONSUMER = `import { ParleyClient, ParleyError, type ChatSocket, type Message, type OutgoingMessage, type ServerEventMap } from '@parley/client';

const client = new ParleyClient({ baseUrl: 'http://localhost:3000' });
client.on('message', (m: Message) => console.log(m.room_id, m.seq.toFixed(0), m.sender?.username));
client.on('outgoing', (o: OutgoingMessage) => console.log(o.client_message_id, o.state));
const typing: ServerEventMap['typing'] = { room_id: 'r', user_id: 'u', is_typing: true };

export async function roomNames(): Promise<string[]> {
  const { data } = await client.rest.GET('/api/v1/rooms', { params: { query: { page_size: 20 } } });
  return (data?.results ?? []).map((room) => room.name ?? '');
}
export function failed(error: unknown): string | undefined {
  return error instanceof ParleyError ? error.code : undefined;
}
export type Socket = ChatSocket;
// @ts-expect-error the wire types are real types, not any: a Message has no such field
export const wrong: Message['no_such_field'] = typing;
`;

/** CommonJS: TypeScript compiles this import to require() (Node >= 20.19 requires ES modules). */
const CJS_CONSUMER = `import { ParleyClient, type Message } from '@parley/client';

const client = new ParleyClient({ baseUrl: 'http://localhost:3000' });
client.on('message', (m: Message) => console.log(m.room_id, m.seq.toFixed(0)));
`;

const RUNTIME_CHECK = `const client = new ParleyClient({ baseUrl: 'http://127.0.0.1:9' });
console.log([ParleyClient, ParleyError, RoomFeed, unwrap, client.send].map((f) => typeof f).join(' '));
`;

/** One tsconfig per consumer setting; each lists the files it checks. */
const MODES: Record<string, { compilerOptions: Record<string, string>; files: string[] }> = {
  nodenext: { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' }, files: ['esm.ts', 'cjs.cts'] },
  // node16 has no require() of ES modules (TS1479), so only import there.
  node16: { compilerOptions: { module: 'node16', moduleResolution: 'node16' }, files: ['esm.ts'] },
  bundler: { compilerOptions: { module: 'preserve', moduleResolution: 'bundler' }, files: ['esm.ts'] },
};

describe('@parley/client packed with npm pack, in a scratch project', () => {
  // parley-test-* with owner.pid: a later run removes it if this one is killed (test/setup/temp-folders.cjs).
  const work = mkdtempSync(join(tmpdir(), 'parley-test-sdkpack-'));
  writeFileSync(join(work, 'owner.pid'), String(process.pid));
  const pkgDir = join(work, 'package');
  const app = join(work, 'app');
  let packed: string[] = [];
  let checks: Record<string, Promise<Run>> = {};

  beforeAll(async () => {
    ok(await run(process.execPath, [tsc, '-p', join(sdkDir, 'tsconfig.build.json'), '--outDir', join(pkgDir, 'dist')], root), 'tsc build');
    for (const file of ['package.json', 'README.md']) copyFileSync(join(sdkDir, file), join(pkgDir, file));
    // --ignore-scripts: prepack would build again, in clients/js.
    const pack = ok(await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], pkgDir), 'npm pack');
    const [info] = JSON.parse(pack.output.slice(pack.output.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    packed = info.files.map((file) => file.path).sort();

    mkdirSync(app);
    const sdk = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const links = Object.keys(sdk.dependencies).map((name) => {
      const dir = [join(sdkDir, 'node_modules', name), join(root, 'node_modules', name)].find((d) => existsSync(join(d, 'package.json')));
      if (!dir) throw new Error(`${name} is not installed in the repo (npm ci)`);
      return [name, `file:${dir}`];
    });
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: Object.fromEntries(links) }),
    );
    // --install-links=false: link the dependencies whatever the user's npm config says (copies would need the registry).
    const install = ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--install-links=false', join(work, info.filename)];
    ok(await run('npm', install, app), 'npm install of the tarball');

    writeFileSync(join(app, 'esm.ts'), ESM_CONSUMER);
    writeFileSync(join(app, 'cjs.cts'), CJS_CONSUMER);
    writeFileSync(join(app, 'run.mjs'), `import { ParleyClient, ParleyError, RoomFeed, unwrap } from '@parley/client';\n${RUNTIME_CHECK}`);
    writeFileSync(join(app, 'run.cjs'), `const { ParleyClient, ParleyError, RoomFeed, unwrap } = require('@parley/client');\n${RUNTIME_CHECK}`);
    // strict, skipLibCheck off: every .d.ts the package ships (and its dependencies') is checked.
    // skipDefaultLibCheck only skips TypeScript's own lib.*.d.ts.
    const base = {
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      skipDefaultLibCheck: true,
    };
    for (const [mode, { compilerOptions, files }] of Object.entries(MODES)) {
      writeFileSync(join(app, `tsconfig.${mode}.json`), JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, files }));
    }
    // The checks run side by side; each test awaits its own.
    checks = Object.fromEntries(Object.keys(MODES).map((mode) => [mode, run(process.execPath, [tsc, '-p', `tsconfig.${mode}.json`], app)]));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(Object.values(checks));
    rmSync(work, { recursive: true, force: true });
  });

  it('holds the built ES modules, their declarations and the wire types, and no sources or specs', () => {
    expect(packed).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/clients/js/src/index.js',
        'dist/clients/js/src/index.d.ts',
        'dist/src/core/contracts/wire.d.ts',
        'dist/src/core/contracts/socket-events.d.ts',
      ]),
    );
    expect(packed.filter((path) => !/^(package\.json|README\.md|dist\/.+\.(js|d\.ts|js\.map))$/.test(path))).toEqual([]);
    expect(packed.filter((path) => /\.spec\.|\/test\//.test(path))).toEqual([]);
  });

  it('ships every source map a module names, with the sources inside (the .ts files are not in the package)', () => {
    const installed = join(app, 'node_modules', '@parley', 'client');
    const broken = packed
      .filter((path) => path.endsWith('.js'))
      .flatMap((path) => {
        const map = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(installed, path), 'utf8'))?.[1];
        if (!map) return [];
        const mapPath = join(path, '..', map);
        if (!packed.includes(mapPath)) return [`${path}: ${mapPath} missing`];
        const { sources, sourcesContent } = JSON.parse(readFileSync(join(installed, mapPath), 'utf8')) as {
          sources: string[];
          sourcesContent?: string[];
        };
        return sourcesContent?.length === sources.length ? [] : [`${mapPath}: no sourcesContent`];
      });
    expect(broken).toEqual([]);
  });

  it.each(Object.keys(MODES))(
    'type-checks a consumer under module %s, strict, without skipLibCheck',
    async (mode) => {
      const result = await checks[mode];
      expect(result).toEqual({ code: 0, output: '' });
    },
    180_000,
  );

  it('loads in Node: imported from an ES module and required from CommonJS', async () => {
    const expected = { code: 0, output: 'function function function function function' };
    expect(await run(process.execPath, ['run.mjs'], app)).toEqual(expected);
    expect(await run(process.execPath, ['run.cjs'], app)).toEqual(expected);
  }, 60_000);
});
