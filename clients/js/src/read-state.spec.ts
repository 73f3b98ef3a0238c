import { ReadState } from './read-state.js';
import type { Message } from './types.js';

const from = (senderId: string, seq: number, type: 'text' | 'system' = 'text') =>
  ({ room_id: 'r', seq, type, sender: { id: senderId } }) as unknown as Message;

describe(ReadState.name, () => {
  it("counts others' text messages after the read position, not own or system ones", () => {
    const changes: number[] = [];
    const reads = new ReadState((_room, count) => changes.push(count));
    reads.set('r', 2);
    reads.delivered(from('them', 5), 'me');
    reads.delivered(from('them', 6, 'system'), 'me');
    expect(reads.count('r')).toBe(3);
    reads.delivered(from('me', 7), 'me'); // Parley moves the sender's read position to its send
    reads.delivered(from('them', 6), 'me'); // at or below own last send: already read
    expect(reads.count('r')).toBe(0);
    expect(changes).toEqual([2, 3, 0]);
  });

  it('leaves the count to an own system message ("bob joined the room" reads nothing)', () => {
    const reads = new ReadState(() => undefined);
    reads.set('r', 1);
    reads.delivered(from('me', 3, 'system'), 'me');
    expect(reads.count('r')).toBe(1);
  });

  it('only moves the read position forward', () => {
    const reads = new ReadState(() => undefined);
    expect(reads.advance('r', 4)).toBe(true);
    expect(reads.advance('r', 4)).toBe(false);
    expect(reads.advance('r', 2)).toBe(false);
    expect(reads.advance('r', 5)).toBe(true);
  });
});
