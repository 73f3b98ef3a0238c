import type { Message } from './types.js';
import { RoomFeed } from './feed.js';

const message = (seq: number): Message => ({
  id: `m${seq}`,
  room_id: 'r',
  seq,
  type: 'text',
  sender: null,
  content: `#${seq}`,
  meta: {},
  reply_to_id: null,
  client_message_id: null,
  created_at: '2026-01-01T00:00:00.000Z',
  edited_at: null,
  deleted: false,
});

describe(RoomFeed.name, () => {
  const feedFrom = (head: number) => {
    const delivered: number[] = [];
    return { feed: new RoomFeed('r', head, (m) => delivered.push(m.seq)), delivered };
  };

  it('delivers each seq once, in order, whatever order and how often they arrive', () => {
    const { feed, delivered } = feedFrom(10);
    for (const seq of [12, 11, 11, 14, 9, 10, 13, 12, 15]) feed.offer(message(seq));
    expect(delivered).toEqual([11, 12, 13, 14, 15]);
    expect(feed.head).toBe(15);
    expect(feed.hasGap).toBe(false);
  });

  it('holds messages past a gap until the gap closes', () => {
    const { feed, delivered } = feedFrom(0);
    feed.offer(message(2));
    feed.offer(message(3));
    expect(delivered).toEqual([]);
    expect(feed.hasGap).toBe(true);
    feed.offer(message(1));
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('moves the head forward without delivering what the app already loaded', () => {
    const { feed, delivered } = feedFrom(0);
    feed.offer(message(5));
    feed.offer(message(7));
    feed.skipTo(5);
    expect(delivered).toEqual([]);
    feed.offer(message(6));
    expect(delivered).toEqual([6, 7]);
    feed.skipTo(3);
    expect(feed.head).toBe(7);
  });
});
