import { Logger } from '@nestjs/common';
import { DrainLoop } from './drain-loop';

/** A drain that records its calls and finishes when the test says so. */
function gatedDrain() {
  const calls: (() => void)[] = [];
  const waiting: ((n: number) => void)[] = [];
  let called: () => void = () => undefined;
  return {
    drain: () =>
      new Promise<number>((resolve) => {
        calls.push(() => resolve(0));
        waiting.push(resolve);
        called();
      }),
    get count() {
      return calls.length;
    },
    /** Resolves once the drain has been called `n` times in all. */
    calledTimes(n: number): Promise<void> {
      if (calls.length >= n) return Promise.resolve();
      return new Promise((resolve) => {
        called = () => {
          if (calls.length >= n) resolve();
        };
      });
    },
    finish(i: number) {
      waiting[i](0);
    },
  };
}

describe(DrainLoop.name, () => {
  it('drains at once when kicked instead of waiting for the poll, and once more after a kick during a drain', async () => {
    const gate = gatedDrain();
    const loop = new DrainLoop({ name: 'test', logger: new Logger('test'), drain: gate.drain, batch: 10, intervalMs: () => 3_600_000 });
    loop.kick(); // before start: nothing
    loop.start();
    await gate.calledTimes(1);
    gate.finish(0); // an empty drain: the next poll is an hour away
    await new Promise((resolve) => setImmediate(resolve));
    loop.kick();
    await gate.calledTimes(2);
    loop.kick(); // during the second drain
    loop.kick();
    gate.finish(1);
    await gate.calledTimes(3);
    gate.finish(2);
    await loop.stop();
    loop.kick(); // after stop: nothing
    expect(gate.count).toBe(3);
  });
});
