import { DomainError, permissionDenied, ThrottledError } from '../errors/domain-error';
import { bannedError, messageNotFound, roomAccessDenied, roomArchived, roomInactive, roomNotFound } from '../errors/errors';
import { isGlobalAdmin, isSupportAgent } from './actor-rules';
import type { MembershipFacts, PostingTarget, ReadMessageTarget, RoomFacts, RoomRole, RoomTarget, UserActor } from './permissions';
import type { Rules } from './rule';

export type RoomRulePermission =
  | 'room.see'
  | 'room.read'
  | 'room.sync'
  | 'room.member'
  | 'room.manage'
  | 'room.own'
  | 'room.join'
  | 'room.change'
  | 'room.post'
  | 'member.add'
  | 'member.set_role'
  | 'member.remove'
  | 'member.mute'
  | 'message.edit'
  | 'message.delete_own'
  | 'message.delete_any'
  | 'message.revisions'
  | 'message.read'
  | 'message.review';

const RANK: Record<RoomRole, number> = { member: 1, admin: 2, owner: 3 };

/** The caller's effective rank in the room; global admins outrank even the owner. */
export function roomRank(actor: UserActor, membership: MembershipFacts | null): number {
  if (isGlobalAdmin(actor)) return RANK.owner + 1;
  return membership ? RANK[membership.role] : 0;
}

/**
 * Who may read a room (and watch its events): members, anyone not banned from it for a public
 * room, support agents for SUPPORT rooms, global admins. The search statement spells this in SQL.
 */
function readable(actor: UserActor, room: RoomFacts, isMember: boolean, banned = false): boolean {
  return isMember || (room.visibility === 'public' && !banned) || (room.roomType === 'SUPPORT' && isSupportAgent(actor)) || isGlobalAdmin(actor);
}

/** Why the caller may not read the room, or null: a ban is told as such (global admins excepted), else room_access_denied. */
function readRefusal(actor: UserActor, { room, membership, banned }: RoomTarget): DomainError | null {
  if (banned && !membership && !isGlobalAdmin(actor)) return bannedError();
  return readable(actor, room, membership !== null) ? null : roomAccessDenied();
}

/** At least `role` in the room; global admins count as owners. */
const atLeast =
  (role: RoomRole) =>
  (actor: UserActor, { room, membership }: RoomTarget): DomainError | null => {
    if (isGlobalAdmin(actor)) return null;
    if (!membership) return readable(actor, room, false) ? permissionDenied() : roomAccessDenied();
    if (RANK[membership.role] < RANK[role]) return permissionDenied(`Only a room ${role === 'owner' ? 'owner' : 'owner or admin'} may do this.`);
    return null;
  };

const ranksAbove = (detail: string) => (actor: UserActor, target: RoomTarget & { member: { role: RoomRole } }) =>
  roomRank(actor, target.membership) > RANK[target.member.role] ? null : permissionDenied(detail);

/**
 * Why a member may not post now, in the order the send statement's rules
 * (MessageLog's MAY_POST and slow gate) are told to the client; a deactivated
 * room refuses last (room_inactive). Held equal to the SQL by
 * test/medium/posting-rules.medium-spec.ts.
 */
function postingRefusal(_actor: UserActor, target: PostingTarget): DomainError | null {
  const { room, membership, blockedDirect, slowModeRemainingMs } = target;
  if (room.archivedAt) return roomArchived();
  if (membership.mutedUntil && membership.mutedUntil.getTime() > (target.now ?? Date.now())) {
    return new DomainError('member_muted', `You are muted in this room until ${membership.mutedUntil.toISOString()}.`);
  }
  if (room.posting === 'admins' && membership.role === 'member') {
    return new DomainError('posting_restricted', 'Only the room owner and admins may post in this room.');
  }
  if (blockedDirect) return new DomainError('blocked', 'You cannot send messages in this conversation.');
  if (slowModeRemainingMs > 0) {
    const seconds = Math.max(1, Math.ceil(slowModeRemainingMs / 1000));
    return new ThrottledError(seconds, 'slow_mode', `Slow mode is on: you may send again in ${seconds} seconds.`, slowModeRemainingMs);
  }
  if (!room.isActive) return roomInactive();
  return null;
}

/**
 * Who reviews a room's held messages and sees its held and shadowed ones: its owners and admins and
 * global admins. Other members are refused; to anyone else the room's review queue does not exist (404).
 * Spelled in SQL for every read as `seenBy` (src/conversations/messages/store/message-visibility.ts).
 */
function reviewRefusal(actor: UserActor, { membership }: RoomTarget): DomainError | null {
  if (roomRank(actor, membership) >= RANK.admin) return null;
  return membership ? permissionDenied('Only a room owner or admin may review held messages.') : roomNotFound();
}

/** A held or shadowed message is, to anyone but its sender and the room's reviewers, not there. */
function readMessageRefusal(actor: UserActor, target: ReadMessageTarget): DomainError | null {
  const { message } = target;
  if (message.visibility === 'visible' || (message.senderId !== null && message.senderId === actor.id)) return null;
  return reviewRefusal(actor, target) ? messageNotFound() : null;
}

/** The decisions made on a room and the caller's membership in it (loaded by RoomAccess in src/conversations/rooms). */
export const ROOM_RULES: Rules<RoomRulePermission> = {
  'room.see': () => null,
  'room.read': readRefusal,
  // A reconnecting client's catch-up names every refusal room_access_denied, a ban included.
  'room.sync': (actor, { room, membership, banned }) => (readable(actor, room, membership !== null, banned) ? null : roomAccessDenied()),
  'room.member': (actor, target) =>
    target.membership ? null : (readRefusal(actor, target) ?? permissionDenied('Only members of this room may do this.')),
  'room.manage': atLeast('admin'),
  'room.own': atLeast('owner'),
  // Global admins join like anyone else: an open room or an invitation, never past a ban.
  'room.join': (actor, { room, banned, invited }) => {
    if (banned) return bannedError();
    if (invited || room.visibility === 'public' || (room.roomType === 'SUPPORT' && isSupportAgent(actor))) return null;
    return roomAccessDenied();
  },
  // An archived room refuses every change (sends, edits, reactions, joins, new members).
  'room.change': (_actor, { room }) => (room.archivedAt ? roomArchived() : null),
  'room.post': postingRefusal,
  'member.add': (actor, { membership, role }) =>
    role === 'admin' && roomRank(actor, membership) < RANK.owner ? permissionDenied('Only the room owner may add admins.') : null,
  'member.set_role': (actor, { membership, member, to }) => {
    const owner = roomRank(actor, membership) >= RANK.owner;
    if (to === 'owner') return owner ? null : permissionDenied('Only the room owner may transfer ownership.');
    if (member.role === 'owner') return permissionDenied("Transfer ownership before changing the owner's role.");
    if (!owner && member.role !== 'member') return permissionDenied('Room admins may only change the role of members below them.');
    return null;
  },
  'member.remove': ranksAbove('You may only remove members ranked below you.'),
  'member.mute': ranksAbove('You may only mute members ranked below you.'),
  'message.edit': (actor, { message }) =>
    message.type === 'text' && message.senderId === actor.id ? null : permissionDenied('Only the sender may edit a message.'),
  'message.delete_own': (actor, { message, membership }) =>
    message.type === 'text' && message.senderId === actor.id && membership !== null ? null : permissionDenied(),
  'message.delete_any': (actor, { membership }) => {
    if (roomRank(actor, membership) >= RANK.admin) return null;
    return membership ? permissionDenied('Only the sender or a room owner/admin may delete this message.') : permissionDenied();
  },
  // Moderators see what was edited away or deleted; the sender sees their own edits while the message lives.
  'message.revisions': (actor, { message, membership }) => {
    if (roomRank(actor, membership) >= RANK.admin) return null;
    if (message.senderId === actor.id && !message.deletedAt) return null;
    return permissionDenied("Only the sender or a room owner/admin may see a message's earlier versions.");
  },
  'message.read': readMessageRefusal,
  'message.review': reviewRefusal,
};
