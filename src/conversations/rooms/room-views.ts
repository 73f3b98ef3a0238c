import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../core/auth/auth-user';
import { MessagesRepository } from '../messages/store/messages.repository';
import { MessageViews } from '../messages/message-views';
import { PresenceStore } from '../../identity/presence/presence.store';
import { toUserResponse } from '../../identity/users/dto/user.response';
import type { MessageResponse } from '../messages/dto/message.response';
import { MemberResponse } from './dto/member.response';
import { RoomResponse } from './dto/room.response';
import { Room } from './store/entities/room.entity';
import { RoomMember } from './store/entities/room-member.entity';
import { RoomsRepository } from './store/rooms.repository';

/**
 * Builds Room responses for one viewer in a fixed number of queries whatever
 * the page size: memberships, last messages (with senders), unread counts and,
 * for unnamed private rooms, member usernames.
 */
@Injectable()
export class RoomViews {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly messageViews: MessageViews,
    private readonly presence: PresenceStore,
  ) {}

  /**
   * `memberships`: the viewer's memberships when the caller already read them with the rooms (null: not a member).
   * `shown`: messages the caller is viewing for this viewer anyway (a history page): a room's last message among them is not read again.
   */
  async many(
    viewer: AuthUser,
    rooms: Room[],
    memberships?: Map<string, RoomMember | null>,
    shown?: Promise<MessageResponse[]>,
  ): Promise<RoomResponse[]> {
    const ids = rooms.map((r) => r.id);
    const unnamed = rooms.filter((r) => !r.name && r.visibility === 'private').map((r) => r.id);
    const lastIds = rooms.map((r) => r.lastMessageId).filter((id): id is string => id !== null);
    const memberIds = memberships ? ids.filter((id) => memberships.get(id)) : ids;
    const [membershipOf, unread, mentions, names, lastMessages] = await Promise.all([
      memberships ?? this.rooms.membershipsOf(viewer.id, ids),
      memberIds.length ? this.messages.unreadCounts(viewer, memberIds) : new Map<string, number>(),
      memberIds.length ? this.messages.unreadMentionCounts(viewer, memberIds) : new Map<string, number>(),
      this.rooms.memberUsernames(unnamed),
      this.lastMessages(viewer, lastIds, shown),
    ]);
    const lastById = new Map(lastMessages.map((m) => [m.id, m]));
    return rooms.map((room) => {
      const membership = membershipOf.get(room.id) ?? null;
      return {
        id: room.id,
        name:
          room.name ??
          (names.has(room.id)
            ? names
                .get(room.id)!
                .map((n) => `@${n}`)
                .join(', ')
            : null),
        slug: room.slug,
        description: room.description,
        room_type: room.roomType,
        visibility: room.visibility,
        meta: room.meta,
        is_active: room.isActive,
        max_participants: room.maxParticipants,
        created_by: room.createdBy,
        created_at: room.createdAt.toISOString(),
        updated_at: room.updatedAt.toISOString(),
        last_message_at: room.lastMessageAt ? room.lastMessageAt.toISOString() : null,
        participant_count: room.participantCount,
        message_count: room.messageCount,
        last_message: (room.lastMessageId && lastById.get(room.lastMessageId)) || null,
        unread_count: membership ? (unread.get(room.id) ?? 0) : 0,
        unread_mentions: membership ? (mentions.get(room.id) ?? 0) : 0,
        my_role: membership?.role ?? null,
        notifications_muted: membership?.notificationsMuted ?? false,
        posting: room.posting,
        slow_mode_seconds: room.slowModeSeconds,
        is_archived: room.archivedAt !== null,
        archived_at: room.archivedAt ? room.archivedAt.toISOString() : null,
        retention_days: room.retentionDays,
        oldest_seq: room.purgedThroughSeq + 1,
        last_seq: room.lastSeq,
      };
    });
  }

  /** `membership`: the viewer's, when already read with the room (null: not a member); read here otherwise. `shown`: as for `many`. */
  async one(viewer: AuthUser, room: Room, membership?: RoomMember | null, shown?: Promise<MessageResponse[]>): Promise<RoomResponse> {
    const known = membership === undefined ? undefined : new Map([[room.id, membership]]);
    return (await this.many(viewer, [room], known, shown))[0];
  }

  /** The views of these messages for the viewer: those `shown` has, the rest read and viewed here. */
  private async lastMessages(viewer: AuthUser, ids: string[], shown?: Promise<MessageResponse[]>): Promise<MessageResponse[]> {
    const wanted = new Set(ids);
    const found = shown ? (await shown).filter((m) => wanted.has(m.id)) : [];
    for (const m of found) wanted.delete(m.id);
    if (wanted.size === 0) return found;
    return [...found, ...(await this.messageViews.many(viewer, await this.messages.findByIds([...wanted])))];
  }

  async members(viewer: Pick<AuthUser, 'id' | 'role'>, members: RoomMember[]): Promise<MemberResponse[]> {
    const online = await this.presence.onlineAmong(members.map((m) => m.userId));
    return members.map((m) => toMemberResponse(m, viewer, online.has(m.userId)));
  }
}

export function toMemberResponse(m: RoomMember, viewer: Pick<AuthUser, 'id' | 'role'>, online: boolean): MemberResponse {
  return {
    user: toUserResponse(m.user!, viewer, online),
    role: m.role,
    joined_at: m.joinedAt.toISOString(),
    last_read_seq: m.lastReadSeq,
    // Private to the member: nobody else learns whether they muted the room.
    notifications_muted: viewer.id === m.userId && m.notificationsMuted,
    muted_until: m.mutedUntil && m.mutedUntil.getTime() > Date.now() ? m.mutedUntil.toISOString() : null,
    online,
  };
}
