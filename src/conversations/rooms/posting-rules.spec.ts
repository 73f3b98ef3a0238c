import { ThrottledError } from '../../core/errors/domain-error';
import { Room } from './store/entities/room.entity';
import { RoomMember } from './store/entities/room-member.entity';
import { postingRefusal } from './posting-rules';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const room = (over: Partial<Room> = {}) =>
  Object.assign(new Room(), { archivedAt: null, isActive: true, posting: 'everyone', slowModeSeconds: 0, ...over });
const member = (over: Partial<RoomMember> = {}) => Object.assign(new RoomMember(), { role: 'member', mutedUntil: null, ...over });
const clear = { blockedDirect: false, slowModeRemainingMs: 0 };

describe(postingRefusal.name, () => {
  it('answers null when no rule applies', () => {
    expect(postingRefusal(room(), member(), clear, NOW)).toBeNull();
  });

  it('tells the first rule that applies, in the documented order', () => {
    const everything = { blockedDirect: true, slowModeRemainingMs: 5000 };
    const muted = member({ mutedUntil: new Date(NOW + 60_000) });
    expect(postingRefusal(room({ archivedAt: new Date(NOW), posting: 'admins' }), muted, everything, NOW)?.code).toBe('room_archived');
    expect(postingRefusal(room({ posting: 'admins' }), muted, everything, NOW)?.code).toBe('member_muted');
    expect(postingRefusal(room({ posting: 'admins' }), member(), everything, NOW)?.code).toBe('posting_restricted');
    expect(postingRefusal(room(), member(), everything, NOW)?.code).toBe('blocked');
    expect(postingRefusal(room(), member(), { blockedDirect: false, slowModeRemainingMs: 5000 }, NOW)?.code).toBe('slow_mode');
  });

  it('treats a mute that has ended as no mute', () => {
    expect(postingRefusal(room(), member({ mutedUntil: new Date(NOW) }), clear, NOW)).toBeNull();
  });

  it('rounds slow mode up to whole seconds and keeps the milliseconds', () => {
    const refusal = postingRefusal(room(), member(), { blockedDirect: false, slowModeRemainingMs: 1200 }, NOW);
    expect(refusal).toBeInstanceOf(ThrottledError);
    expect(refusal).toMatchObject({ retryAfterSeconds: 2, retryAfterMs: 1200 });
  });
});
