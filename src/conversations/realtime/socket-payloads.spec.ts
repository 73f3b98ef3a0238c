import { SocketReadDto, SocketSendDto, TypingDto } from './dto/socket.dto';
import { socketValidation, toReadDto, toSendDto, toTypingDto } from './socket-payloads';

const ROOM = '0192d5a4-7c1e-7b3a-9f00-4a5b6c7d8e9f';

/** What a conversion answers: the plain DTO, or the validation error's fields. */
async function outcome(convert: () => Promise<object>): Promise<{ ok: object } | { fields: unknown }> {
  try {
    return { ok: { ...(await convert()) } };
  } catch (error) {
    return { fields: (error as { fields?: unknown }).fields ?? String(error) };
  }
}

const viaPipe =
  <T>(payload: unknown, metatype: new () => T) =>
  () =>
    socketValidation.transform(payload, { type: 'body', metatype }) as Promise<object>;

describe('socket payload shortcuts agree with the DTO rules', () => {
  const sends: unknown[] = [
    { room_id: ROOM, content: 'hello' },
    { room_id: ROOM, content: '  padded  ' },
    { room_id: ROOM, content: 'x', client_message_id: 'c-1' },
    { room_id: ROOM, content: 'x'.repeat(4000) },
    { room_id: ROOM, content: ` ${'x'.repeat(4000)} ` },
    { room_id: ROOM, content: 'x'.repeat(4001) },
    { room_id: ROOM, content: '😀'.repeat(2500) },
    { room_id: ROOM, content: '   ' },
    { room_id: ROOM, content: '\u200b\u2060\ufeff' },
    { room_id: ROOM, content: '\u3164' },
    { room_id: ROOM, content: '\u200bhi' },
    { room_id: ROOM, content: 'a\ufe0f'.repeat(2000) },
    { room_id: ROOM, content: 'a\ufe0f'.repeat(2001) },
    { room_id: ROOM, content: 'e\u0301'.repeat(2001) },
    { room_id: ROOM, content: 'x', client_message_id: '\ufe0f' },
    { room_id: ROOM, content: 'x', client_message_id: 'c\ufe0f'.repeat(33) },
    { room_id: ROOM, content: '' },
    { room_id: ROOM, content: 5 },
    { room_id: ROOM },
    { room_id: ROOM, content: 'x', client_message_id: '' },
    { room_id: ROOM, content: 'x', client_message_id: 'c'.repeat(64) },
    { room_id: ROOM, content: 'x', client_message_id: 'c'.repeat(65) },
    { room_id: ROOM, content: 'x', client_message_id: 7 },
    { room_id: ROOM, content: 'x', reply_to_id: ROOM, meta: { a: 1 } },
    { room_id: ROOM, content: 'x', extra: true },
    { room_id: 'not-a-uuid', content: 'x' },
    { room_id: '00000000-0000-0000-0000-000000000000', content: 'x' },
    { room_id: 'abcdefab-abcd-abcd-abcd-abcdefabcdef', content: 'x' },
    { content: 'x' },
    'a string',
    [ROOM, 'x'],
    null,
  ];

  it.each(sends.map((payload) => [JSON.stringify(payload)?.slice(0, 60), payload]))('message:send %s', async (_name, payload) => {
    const fast = await outcome(() => toSendDto(payload));
    expect(fast).toEqual(await outcome(viaPipe(payload, SocketSendDto)));
  });

  const typings: unknown[] = [
    { room_id: ROOM, is_typing: true },
    { room_id: ROOM, is_typing: false },
    { room_id: ROOM, is_typing: 'true' },
    { room_id: ROOM },
    { room_id: ROOM, is_typing: true, extra: 1 },
    { room_id: 'abcdefab-abcd-abcd-abcd-abcdefabcdef', is_typing: true },
    'typing',
    [ROOM, true],
  ];

  it.each(typings.map((payload) => [JSON.stringify(payload), payload]))('typing %s', async (_name, payload) => {
    const fast = await outcome(() => toTypingDto(payload));
    expect(fast).toEqual(await outcome(viaPipe(payload, TypingDto)));
  });

  const reads: unknown[] = [
    { room_id: ROOM },
    { room_id: ROOM, seq: 0 },
    { room_id: ROOM, seq: 42 },
    { room_id: ROOM, seq: Number.MAX_SAFE_INTEGER },
    { room_id: ROOM, seq: Number.MAX_SAFE_INTEGER + 1 },
    { room_id: ROOM, seq: -1 },
    { room_id: ROOM, seq: 1.5 },
    { room_id: ROOM, seq: '3' },
    { room_id: ROOM, seq: null },
    { room_id: ROOM, extra: 1 },
    { room_id: 'abcdefab-abcd-abcd-abcd-abcdefabcdef' },
    { room_id: 7 },
    { seq: 1 },
    'read',
    [ROOM, 1],
    null,
  ];

  it.each(reads.map((payload) => [JSON.stringify(payload), payload]))('read %s', async (_name, payload) => {
    const fast = await outcome(() => toReadDto(payload));
    expect(fast).toEqual(await outcome(viaPipe(payload, SocketReadDto)));
  });
});
