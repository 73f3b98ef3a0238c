import type { Redis } from 'ioredis';
import { TypingGate, TypingService } from './typing.service';

describe(TypingService.name, () => {
  const sent: [string, string, boolean][] = [];
  let typing: TypingService;

  beforeEach(() => {
    sent.length = 0;
    typing = new TypingService();
    typing.onEmit((room, user, isTyping) => sent.push([room, user, isTyping]));
  });
  afterEach(() => typing.onModuleDestroy());

  it('coalesces repeated starts into one event and ends with one stop', async () => {
    await typing.start('r', 'u');
    await typing.start('r', 'u');
    await typing.start('r', 'u');
    typing.stop('r', 'u');
    typing.stop('r', 'u');
    expect(sent).toEqual([
      ['r', 'u', true],
      ['r', 'u', false],
    ]);
  });

  it("stops all of a user's rooms at once", async () => {
    await typing.start('r1', 'u');
    await typing.start('r2', 'u');
    await typing.start('r1', 'other');
    typing.stopAll('u');
    expect(
      sent
        .filter(([, , t]) => !t)
        .map(([r, u]) => `${r}:${u}`)
        .sort(),
    ).toEqual(['r1:u', 'r2:u']);
  });

  it('announces typing again once the user stopped', async () => {
    await typing.start('r', 'u');
    typing.stop('r', 'u');
    await typing.start('r', 'u');
    expect(sent.map(([, , t]) => t)).toEqual([true, false, true]);
  });

  it('gates on this node alone, without sending a command, while Redis is down', async () => {
    let commands = 0;
    const down = { status: 'reconnecting', set: () => (commands += 1), del: () => (commands += 1) } as unknown as Redis;
    const gate = new TypingGate(down);
    await expect(gate.open('room:user')).resolves.toBe(true);
    await expect(gate.open('room:user')).resolves.toBe(false);
    gate.forget('room:user');
    expect(commands).toBe(0);
  });
});
