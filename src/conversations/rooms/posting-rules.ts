import { DomainError, ThrottledError } from '../../core/errors/domain-error';
import { Room } from './store/entities/room.entity';
import { RoomMember } from './store/entities/room-member.entity';
import { roomArchived, roomInactive } from '../../core/errors/errors';

/** An archived room refuses every change (sends, edits, reactions, joins, new members). */
export function requireNotArchived(room: Room): void {
  if (room.archivedAt) throw roomArchived();
}

/**
 * Why a member may not post now, in the order the send statement's rules
 * (MessageLog's MAY_POST and slow gate) are told to the client; null when none
 * applies; a deactivated room refuses last (room_inactive). `blockedDirect` and
 * `slowModeRemainingMs` are read by the caller.
 * The SQL and this function are held equal by test/medium/posting-rules.medium-spec.ts.
 */
export function postingRefusal(
  room: Room,
  membership: RoomMember,
  facts: { blockedDirect: boolean; slowModeRemainingMs: number },
  now = Date.now(),
): DomainError | null {
  if (room.archivedAt) return roomArchived();
  if (membership.mutedUntil && membership.mutedUntil.getTime() > now) {
    return new DomainError('member_muted', `You are muted in this room until ${membership.mutedUntil.toISOString()}.`);
  }
  if (room.posting === 'admins' && membership.role === 'member') {
    return new DomainError('posting_restricted', 'Only the room owner and admins may post in this room.');
  }
  if (facts.blockedDirect) return new DomainError('blocked', 'You cannot send messages in this conversation.');
  if (facts.slowModeRemainingMs > 0) {
    const seconds = Math.max(1, Math.ceil(facts.slowModeRemainingMs / 1000));
    return new ThrottledError(seconds, 'slow_mode', `Slow mode is on: you may send again in ${seconds} seconds.`, facts.slowModeRemainingMs);
  }
  if (!room.isActive) return roomInactive();
  return null;
}
