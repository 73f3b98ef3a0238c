// What every load-generator process (bench/*-worker.mjs) measures with: one clock, an
// open-loop schedule, its own CPU, a bounded number of operations at once, and the IPC
// loop that runs the parent's commands (bench/lib/load.mjs is the other end).

/**
 * Epoch milliseconds with sub-millisecond resolution: the one clock every generator
 * process shares, so a message sent by one process and received by another has a
 * latency measured from the same due time.
 */
export const now = () => performance.timeOrigin + performance.now();

/**
 * Calls `fire(k)` for k = 0..n-1, each at t0 + k / rate; resolves after the last.
 * `t0` (epoch ms) is given when several generator processes share one schedule, and
 * `mine(k)` picks the events this process fires.
 */
export function openLoop(rate, n, fire, { t0 = now() + 20, mine = () => true } = {}) {
  const due = (k) => t0 + (k * 1000) / rate;
  return {
    t0,
    due,
    done: new Promise((resolve) => {
      let k = 0;
      const tick = () => {
        const at = now();
        for (; k < n && due(k) <= at; k += 1) if (mine(k)) fire(k);
        if (k < n) setTimeout(tick, Math.max(0, due(k) - now()));
        else resolve();
      };
      setTimeout(tick, Math.max(0, t0 - now()));
    }),
  };
}

/** This process's CPU time since the meter started, as a share of one core. */
export function cpuMeter() {
  const start = process.cpuUsage();
  const t = performance.now();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / (performance.now() - t);
  };
}

/**
 * At most `limit` holders at once; the others wait in order, woken one by one (not
 * polling: a generator polling every 2 ms took the CPU the servers needed once they
 * fell behind). A release hands its place to the next in line.
 */
export function semaphore(limit) {
  let free = limit;
  const waiting = [];
  return {
    acquire: () => (free > 0 ? ((free -= 1), Promise.resolve()) : new Promise((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
}

/**
 * Runs the parent's commands ({id, cmd, args}) with `handlers[cmd](args)` and answers
 * {id, ok, result} or {id, ok: false, error}; exits when the parent goes away.
 */
export function serveCommands(handlers) {
  process.on('message', async ({ id, cmd, args }) => {
    try {
      process.send({ id, ok: true, result: await handlers[cmd](args) });
    } catch (error) {
      process.send({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
