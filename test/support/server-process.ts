import { ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The Node.js flags every launch command gives the server (package.json start:prod). */
export const { serverNodeArgs } = createRequire(join(process.cwd(), 'package.json'))('./scripts/node-args.cjs') as { serverNodeArgs(): string[] };
const serverArgs = () => [...serverNodeArgs(), '-r', 'ts-node/register/transpile-only', 'src/main.ts'];

/** A real Parley process (run from source with ts-node), as `npm start` runs it. */
export interface ServerProcess {
  process: ChildProcess;
  url: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const baseEnv = () => ({ PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' });

export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export interface ServerOptions {
  /** The folder it runs from (default: this checkout). */
  cwd?: string;
  /** Its own process group, as a terminal's foreground job: `process.kill(-pid, 'SIGINT')` is a Ctrl-C. */
  detached?: boolean;
}

/** Starts a node and resolves once it listens and has logged its URLs. */
export function startServer(env: Record<string, string>, options: ServerOptions = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: options.cwd ?? process.cwd(),
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Ready once the start-up lines are all out: the last one names the Socket.IO URL (a busy machine may flush them apart).
      const match = /Listening on (http:\/\/[^/\s]+)\/[\s\S]*\(Socket\.IO\)/.exec(output);
      if (match) {
        resolve({
          process: child,
          url: match[1],
          output: () => output,
          async stop(signal: NodeJS.Signals = 'SIGTERM') {
            const exited = exitOf(child);
            child.kill(signal);
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Runs the server to its exit (for configurations that must refuse to boot). */
export function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, serverArgs(), {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return exitOf(child).then(({ code }) => ({ code, output }));
}

/** A node that died mid-test is a finding, with its last words: throws when any of `nodes` has exited. */
export function expectNodesAlive(nodes: ServerProcess[]): void {
  for (const node of nodes) {
    if (node.process.exitCode !== null || node.process.signalCode !== null) {
      throw new Error(`a node exited (${node.process.exitCode ?? node.process.signalCode}):\n${node.output().slice(-4000)}`);
    }
  }
}
