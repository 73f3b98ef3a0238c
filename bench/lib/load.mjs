// The parent's side of a load generator process (bench/load-worker.mjs).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, track } from './infra.mjs';

export function startLoad(name = 'load') {
  const child = track(
    fork(join(ROOT, 'bench/load-worker.mjs'), [], {
      execArgv: ['--max-old-space-size=8192'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const waiting = new Map();
  let nextId = 1;
  child.on('message', ({ id, ok, result, error }) => {
    const call = waiting.get(id);
    waiting.delete(id);
    if (ok) call.resolve(result);
    else call.reject(new Error(`${name}: ${error}`));
  });
  child.on('exit', (code) => {
    for (const call of waiting.values()) call.reject(new Error(`${name} exited with ${code}`));
    waiting.clear();
  });
  return {
    pid: child.pid,
    call(cmd, args = {}) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      });
    },
    stop() {
      if (child.exitCode === null) child.kill();
    },
  };
}
