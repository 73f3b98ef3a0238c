import { escapeLike } from '../../../core/database/escape-like';
import { ROOM_HELD } from '../../../core/legal-hold/store/held-records';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Room } from './entities/room.entity';
import { RoomMember, RoomRole } from './entities/room-member.entity';
import { RoomBan } from './entities/room-ban.entity';
import { User } from '../../../identity/users/store/entities/user.entity';
import { queryRows } from '../../../core/database/query-rows';
import type { MemberLeftReason } from '../../../core/contracts/socket-events';
import { PreparedStatements } from '../../../core/database/prepared-statements';
import { ReadReplicas } from '../../../core/database/read-replicas';
import { USER_ROW_COLUMNS, userFromRow } from '../../../identity/users/store/user-row';

export const ROOM_ORDERINGS = ['name', '-name', 'created_at', '-created_at', 'last_message_at', '-last_message_at'] as const;
export type RoomOrdering = (typeof ROOM_ORDERINGS)[number];

/** A room's columns (r.*) and, prefixed m_, the caller's membership: read as raw rows on the hot paths. */
const ROOM_COLUMNS = `r.id, r.name, r.slug, r.description, r.room_type, r.visibility, r.meta, r.is_active, r.max_participants,
  r.created_by, r.direct_key, r.last_seq, r.participant_count, r.message_count, r.last_message_id, r.last_message_at,
  r.created_at, r.updated_at, r.posting, r.slow_mode_seconds, r.archived_at, r.retention_days, r.purged_through_seq`;
const MEMBER_COLUMNS = `m.room_id AS m_room_id, m.user_id AS m_user_id, m.role AS m_role, m.last_read_seq AS m_last_read_seq,
  m.notifications_muted AS m_notifications_muted, m.joined_at AS m_joined_at, m.muted_until AS m_muted_until`;

/** A member's user (users u), prefixed u_: what a member is rendered with (toUserResponse). */
const MEMBER_USER_COLUMNS = `u.id AS u_id, ${USER_ROW_COLUMNS}`;

/** The columns a new room is inserted with (the rest take their defaults). */
export interface NewRoomRow {
  id: string;
  name: string | null;
  slug: string | null;
  description: string;
  roomType: string;
  visibility: string;
  meta: Record<string, unknown>;
  maxParticipants: number | null;
  /** NULL: made by a system (a SCIM Group's room, src/platform/scim). */
  createdBy: string | null;
  directKey: string | null;
}

type RoomRow = Record<string, unknown> & { m_room_id: string | null };

function toRoom(r: RoomRow): Room {
  return Object.assign(new Room(), {
    id: r.id,
    name: r.name,
    slug: r.slug,
    description: r.description,
    roomType: r.room_type,
    visibility: r.visibility,
    meta: r.meta,
    isActive: r.is_active,
    maxParticipants: r.max_participants,
    createdBy: r.created_by,
    directKey: r.direct_key,
    lastSeq: Number(r.last_seq),
    participantCount: r.participant_count,
    messageCount: r.message_count,
    lastMessageId: r.last_message_id,
    lastMessageAt: r.last_message_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    posting: r.posting,
    slowModeSeconds: r.slow_mode_seconds,
    archivedAt: r.archived_at,
    retentionDays: r.retention_days,
    purgedThroughSeq: Number(r.purged_through_seq),
  });
}

function toMembership(r: RoomRow): RoomMember | null {
  if (r.m_room_id === null) return null;
  return Object.assign(new RoomMember(), {
    roomId: r.m_room_id,
    userId: r.m_user_id,
    role: r.m_role,
    lastReadSeq: Number(r.m_last_read_seq),
    notificationsMuted: r.m_notifications_muted,
    joinedAt: r.m_joined_at,
    mutedUntil: r.m_muted_until,
  });
}

function memberUser(r: Record<string, unknown>): User {
  return userFromRow(r, r.u_id as string);
}

export type RoomScope = { kind: 'mine'; userId: string } | { kind: 'public'; isSupportAgent: boolean };

export interface RoomFilters {
  search?: string;
  roomType?: string;
  isActive?: boolean;
  /** true: archived rooms only; false: unarchived only. */
  archived?: boolean;
  ordering?: RoomOrdering;
}

const ORDER_SQL: Record<RoomOrdering, string> = {
  name: `lower(coalesce(r.name, '')) ASC, r.id ASC`,
  '-name': `lower(coalesce(r.name, '')) DESC, r.id DESC`,
  created_at: `r.created_at ASC, r.id ASC`,
  '-created_at': `r.created_at DESC, r.id DESC`,
  last_message_at: `coalesce(r.last_message_at, r.created_at) ASC, r.id ASC`,
  '-last_message_at': `coalesce(r.last_message_at, r.created_at) DESC, r.id DESC`,
};

/** Builds `AND ...` filter clauses with numbered parameters after `params`. */
function filterSql(filters: RoomFilters, params: unknown[]): string {
  const clauses: string[] = [];
  if (filters.search) {
    params.push(`%${escapeLike(filters.search)}%`);
    clauses.push(`(r.name ILIKE $${params.length} OR r.description ILIKE $${params.length})`);
  }
  if (filters.roomType) {
    params.push(filters.roomType);
    clauses.push(`r.room_type = $${params.length}`);
  }
  if (filters.isActive !== undefined) {
    params.push(filters.isActive);
    clauses.push(`r.is_active = $${params.length}`);
  }
  if (filters.archived !== undefined) clauses.push(`r.archived_at IS ${filters.archived ? 'NOT ' : ''}NULL`);
  return clauses.map((c) => ` AND ${c}`).join('');
}

/** Whether the user ($2) is banned from the room `r` (one primary-key probe). */
const BANNED_COLUMN = `EXISTS (SELECT 1 FROM room_bans b WHERE b.room_id = r.id AND b.user_id = $2) AS banned`;

export interface MemberActor {
  id: string;
  role: 'user' | 'admin';
  userType: 'consumer' | 'support';
  roomRole: RoomRole;
}

@Injectable()
export class RoomsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: PreparedStatements,
    private readonly replicas: ReadReplicas,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The room and the caller's membership, in one statement. */
  /** The room, the user's membership and whether the user is banned from it, in one statement. */
  async findWithMembership(roomId: string, userId: string): Promise<{ room: Room; membership: RoomMember | null; banned: boolean } | null> {
    const [row] = await this.reads.rows<RoomRow & { banned: boolean }>(
      `SELECT ${ROOM_COLUMNS}, ${MEMBER_COLUMNS}, ${BANNED_COLUMN}
         FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2
        WHERE r.id = $1`,
      [roomId, userId],
    );
    return row ? { room: toRoom(row), membership: toMembership(row), banned: row.banned } : null;
  }

  /** findWithMembership for many rooms in one statement; rooms that do not exist are absent. */
  async findManyWithMembership(
    roomIds: string[],
    userId: string,
  ): Promise<Map<string, { room: Room; membership: RoomMember | null; banned: boolean }>> {
    const rows = await this.reads.rows<RoomRow & { banned: boolean }>(
      `SELECT ${ROOM_COLUMNS}, ${MEMBER_COLUMNS}, ${BANNED_COLUMN}
         FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2
        WHERE r.id = ANY($1::uuid[])`,
      [roomIds, userId],
    );
    return new Map(rows.map((row) => [String(row.id), { room: toRoom(row), membership: toMembership(row), banned: row.banned }]));
  }

  findRoom(id: string, manager: EntityManager = this.manager): Promise<Room | null> {
    return manager.getRepository(Room).findOneBy({ id });
  }

  /**
   * Deletes a room (its memberships, messages and external id go with it) and answers its external id,
   * read in the deleting statement's own snapshot, before the cascade.
   */
  /**
   * Deletes the room unless a legal hold applies to it (docs/compliance.md): `held` then, and
   * nothing changes. The row is locked first, so a hold placed meanwhile (which locks the row to
   * name it) is either seen by the DELETE's fresh snapshot or finds the room gone.
   */
  async deleteRoom(manager: EntityManager, id: string): Promise<{ held: boolean; externalId: string | null }> {
    const locked = await queryRows(manager, `SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE`, [id]);
    const rows = await queryRows<{ external_id: string | null }>(
      manager,
      `DELETE FROM rooms r WHERE r.id = $1 AND NOT ${ROOM_HELD}
       RETURNING (SELECT x.external_id FROM external_rooms x WHERE x.room_id = r.id) AS external_id`,
      [id],
    );
    return { held: locked.length > 0 && rows.length === 0, externalId: rows[0]?.external_id ?? null };
  }

  /** Locks the room row: membership changes of one room serialise on it. */
  lockRoom(manager: EntityManager, id: string): Promise<Room | null> {
    return manager.getRepository(Room).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
  }

  findMembership(roomId: string, userId: string, manager: EntityManager = this.manager): Promise<RoomMember | null> {
    return manager.getRepository(RoomMember).findOneBy({ roomId, userId });
  }

  /** The caller's rooms, or the public ones (plus SUPPORT rooms for support agents), filtered. */
  private roomScope(scope: RoomScope, filters: RoomFilters): { fromWhere: string; params: unknown[] } {
    const params: unknown[] = [scope.kind === 'mine' ? scope.userId : scope.isSupportAgent];
    const base =
      scope.kind === 'mine'
        ? `FROM rooms r JOIN room_members m ON m.room_id = r.id AND m.user_id = $1 WHERE true`
        : `FROM rooms r WHERE (r.visibility = 'public' OR ($1 AND r.room_type = 'SUPPORT'))`;
    return { fromWhere: base + filterSql(filters, params), params };
  }

  /** The room list's reads (count, page, rooms) may come from a read replica fresh enough for `reader` (ReadReplicas). */
  async countRooms(scope: RoomScope, filters: RoomFilters, reader: string): Promise<number> {
    const { fromWhere, params } = this.roomScope(scope, filters);
    const [{ count }] = await this.replicas.rows<{ count: number }>(`SELECT count(*)::int AS count ${fromWhere}`, params, reader);
    return count;
  }

  async roomIdsPage(scope: RoomScope, filters: RoomFilters, offset: number, limit: number, reader: string): Promise<string[]> {
    const { fromWhere, params } = this.roomScope(scope, filters);
    const rows = await this.replicas.rows<{ id: string }>(
      `SELECT r.id ${fromWhere} ORDER BY ${ORDER_SQL[filters.ordering ?? '-last_message_at']} OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, offset, limit],
      reader,
    );
    return rows.map((r) => r.id);
  }

  /** Rooms by id, in the given order, each with `viewerId`'s membership (null when not a member). */
  async roomsWithMembership(ids: string[], viewerId: string): Promise<{ room: Room; membership: RoomMember | null }[]> {
    if (ids.length === 0) return [];
    const rows = await this.replicas.rows<RoomRow>(
      `SELECT ${ROOM_COLUMNS}, ${MEMBER_COLUMNS}
         FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2
        WHERE r.id = ANY($1::uuid[])`,
      [ids, viewerId],
      viewerId,
    );
    const byId = new Map(rows.map((row) => [row.id as string, { room: toRoom(row), membership: toMembership(row) }]));
    return ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
  }

  async membershipsOf(userId: string, roomIds: string[]): Promise<Map<string, RoomMember>> {
    if (roomIds.length === 0) return new Map();
    const rows = await this.reads.rows<RoomRow>(`SELECT ${MEMBER_COLUMNS} FROM room_members m WHERE m.user_id = $1 AND m.room_id = ANY($2::uuid[])`, [
      userId,
      roomIds,
    ]);
    return new Map(rows.map((row) => [row.m_room_id!, toMembership(row)!]));
  }

  /** Sorted member usernames of the given rooms (for unnamed private rooms). */
  async memberUsernames(roomIds: string[]): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>();
    if (roomIds.length === 0) return names;
    const rows: { room_id: string; username: string }[] = await this.manager.query(
      `SELECT m.room_id, u.username FROM room_members m JOIN users u ON u.id = m.user_id
        WHERE m.room_id = ANY($1) ORDER BY u.username`,
      [roomIds],
    );
    for (const row of rows) names.set(row.room_id, [...(names.get(row.room_id) ?? []), row.username]);
    return names;
  }

  /** The user's rooms, and those of them small enough for presence events (see PRESENCE_MAX_ROOM_SIZE): one query. */
  async roomsOfForPresence(userId: string, presenceMax: number): Promise<{ all: string[]; presence: string[] }> {
    const rows: { room_id: string; small: boolean }[] = await this.manager.query(
      `SELECT m.room_id, r.participant_count <= $2 AS small FROM room_members m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = $1`,
      [userId, presenceMax],
    );
    return { all: rows.map((r) => r.room_id), presence: rows.filter((r) => r.small).map((r) => r.room_id) };
  }

  /** Of each existing room among `roomIds`: what a resync needs (last seq, and who may read it). */
  async roomHeads(roomIds: string[]): Promise<Map<string, Pick<Room, 'id' | 'lastSeq' | 'visibility' | 'roomType'>>> {
    const rows: { id: string; last_seq: string; visibility: Room['visibility']; room_type: Room['roomType'] }[] = await this.manager.query(
      `SELECT id, last_seq, visibility, room_type FROM rooms WHERE id = ANY($1::uuid[])`,
      [roomIds],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, lastSeq: Number(r.last_seq), visibility: r.visibility, roomType: r.room_type }]));
  }

  /** The rooms each of `userIds` is a member of, in one query. */
  async roomIdsOfUsers(userIds: string[]): Promise<Map<string, Set<string>>> {
    const rows: { user_id: string; room_id: string }[] = await this.manager.query(
      `SELECT user_id, room_id FROM room_members WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    const rooms = new Map<string, Set<string>>(userIds.map((id) => [id, new Set()]));
    for (const row of rows) rooms.get(row.user_id)?.add(row.room_id);
    return rooms;
  }

  /** A room's members as the policy sees them: each one's global role and account type, and their role in the room. */
  async memberActors(roomId: string): Promise<MemberActor[]> {
    return queryRows<MemberActor>(
      this.manager,
      `SELECT u.id, u.role, u.user_type AS "userType", m.role AS "roomRole"
         FROM room_members m JOIN users u ON u.id = m.user_id WHERE m.room_id = $1`,
      [roomId],
    );
  }

  async memberIds(roomId: string, manager: EntityManager = this.manager): Promise<string[]> {
    const rows: { user_id: string }[] = await manager.query(`SELECT user_id FROM room_members WHERE room_id = $1`, [roomId]);
    return rows.map((r) => r.user_id);
  }

  findDirectRoom(directKey: string, manager: EntityManager = this.manager): Promise<Room | null> {
    return manager.getRepository(Room).findOneBy({ directKey });
  }

  /** The room of `type` whose members are exactly `userIds` (the caller among them). */
  async findByExactMembers(type: string, userIds: string[], callerId: string): Promise<Room | null> {
    const rows: { id: string }[] = await this.manager.query(
      `SELECT r.id FROM rooms r JOIN room_members m ON m.room_id = r.id
        WHERE r.room_type = $1 AND r.id IN (SELECT room_id FROM room_members WHERE user_id = $3)
        GROUP BY r.id
       HAVING count(*) = $4 AND count(*) FILTER (WHERE m.user_id = ANY($2)) = $4
        ORDER BY r.created_at LIMIT 1`,
      [type, userIds, callerId, userIds.length],
    );
    return rows.length ? this.findRoom(rows[0].id) : null;
  }

  async addMembers(manager: EntityManager, roomId: string, userIds: string[], role: RoomRole): Promise<void> {
    if (userIds.length === 0) return;
    await manager.query(`INSERT INTO room_members (room_id, user_id, role) SELECT $1, unnest($2::uuid[]), $3`, [roomId, userIds, role]);
    await manager.query(`UPDATE rooms SET participant_count = participant_count + $2 WHERE id = $1`, [roomId, userIds.length]);
  }

  /** `reason` goes to the `member.left` webhook's subject (migration MemberLeftReason) through a transaction-local setting. */
  async removeMember(manager: EntityManager, roomId: string, userId: string, reason: MemberLeftReason): Promise<void> {
    await manager.query(`SELECT set_config('parley.member_left_reason', $1, true)`, [reason]);
    const result = await queryRows(manager, `DELETE FROM room_members WHERE room_id = $1 AND user_id = $2 RETURNING 1`, [roomId, userId]);
    if (result.length) await manager.query(`UPDATE rooms SET participant_count = participant_count - 1 WHERE id = $1`, [roomId]);
  }

  async setMutedUntil(manager: EntityManager, roomId: string, userId: string, until: Date | null): Promise<void> {
    await manager.query(`UPDATE room_members SET muted_until = $3 WHERE room_id = $1 AND user_id = $2`, [roomId, userId, until]);
  }

  async setRole(manager: EntityManager, roomId: string, userId: string, role: RoomRole): Promise<void> {
    await manager.query(`UPDATE room_members SET role = $3 WHERE room_id = $1 AND user_id = $2`, [roomId, userId, role]);
  }

  /** Before an ownership transfer: the current owner becomes an admin. */
  async demoteOwner(manager: EntityManager, roomId: string): Promise<void> {
    await manager.query(`UPDATE room_members SET role = 'admin' WHERE room_id = $1 AND role = 'owner'`, [roomId]);
  }

  async setNotificationsMuted(roomId: string, userId: string, muted: boolean): Promise<void> {
    await this.manager.query(`UPDATE room_members SET notifications_muted = $3 WHERE room_id = $1 AND user_id = $2`, [roomId, userId, muted]);
  }

  /** Accepts the user's pending invitation to the room, if any: the ids accepted (none when there was none). */
  async acceptPendingInvitation(manager: EntityManager, roomId: string, userId: string): Promise<string[]> {
    const accepted = await queryRows<{ id: string }>(
      manager,
      `UPDATE invitations SET status = 'accepted', responded_at = now()
        WHERE room_id = $1 AND invitee_id = $2 AND status = 'pending' RETURNING id`,
      [roomId, userId],
    );
    return accepted.map((r) => r.id);
  }

  /** A new room's row; false when a direct room of the same pair exists already (`direct_key`). */
  async insertRoom(manager: EntityManager, room: NewRoomRow): Promise<boolean> {
    const inserted = await queryRows<{ id: string }>(
      manager,
      `INSERT INTO rooms (id, name, slug, description, room_type, visibility, meta, max_participants, created_by, direct_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (direct_key) DO NOTHING
       RETURNING id`,
      [
        room.id,
        room.name,
        room.slug,
        room.description,
        room.roomType,
        room.visibility,
        JSON.stringify(room.meta),
        room.maxParticipants,
        room.createdBy,
        room.directKey,
      ],
    );
    return inserted.length > 0;
  }

  /** Saves a locked room's changed settings (TypeORM writes the changed columns). */
  async saveRoom(manager: EntityManager, room: Room): Promise<void> {
    await manager.save(room);
  }

  async setActive(manager: EntityManager, roomId: string, isActive: boolean): Promise<void> {
    await manager.query(`UPDATE rooms SET is_active = $2, updated_at = now() WHERE id = $1`, [roomId, isActive]);
  }

  async setArchived(manager: EntityManager, roomId: string, archived: boolean): Promise<void> {
    await manager.query(`UPDATE rooms SET archived_at = ${archived ? 'now()' : 'NULL'}, updated_at = now() WHERE id = $1`, [roomId]);
  }

  async slugTaken(manager: EntityManager, slug: string, roomId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM rooms WHERE slug = $1 AND id <> $2`, [slug, roomId]);
    return rows.length > 0;
  }

  /** Who inherits a leaving owner's room: the longest-standing admin, else member. */
  async successor(manager: EntityManager, roomId: string, leavingUserId: string): Promise<string | null> {
    const rows: { user_id: string }[] = await manager.query(
      `SELECT user_id FROM room_members WHERE room_id = $1 AND user_id <> $2
        ORDER BY (role = 'admin') DESC, joined_at ASC, user_id ASC LIMIT 1`,
      [roomId, leavingUserId],
    );
    return rows[0]?.user_id ?? null;
  }

  async isBanned(roomId: string, userId: string, manager: EntityManager = this.manager): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM room_bans WHERE room_id = $1 AND user_id = $2`, [roomId, userId]);
    return rows.length > 0;
  }

  async bannedAmong(roomId: string, userIds: string[], manager: EntityManager = this.manager): Promise<string[]> {
    const rows: { user_id: string }[] = await manager.query(`SELECT user_id FROM room_bans WHERE room_id = $1 AND user_id = ANY($2::uuid[])`, [
      roomId,
      userIds,
    ]);
    return rows.map((r) => r.user_id);
  }

  countBans(roomId: string): Promise<number> {
    return this.manager.getRepository(RoomBan).countBy({ roomId });
  }

  bansPage(roomId: string, offset: number, limit: number): Promise<RoomBan[]> {
    return this.manager.getRepository(RoomBan).find({
      where: { roomId },
      relations: { user: true },
      order: { createdAt: 'ASC', userId: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  /** Lifts a ban; the unbanned user's name, or null when there was no ban. */
  async unban(manager: EntityManager, roomId: string, userId: string): Promise<{ username: string } | null> {
    const rows = await queryRows<{ username: string }>(
      manager,
      `DELETE FROM room_bans b USING users u WHERE b.room_id = $1 AND b.user_id = $2 AND u.id = b.user_id RETURNING u.username`,
      [roomId, userId],
    );
    return rows[0] ?? null;
  }

  async ban(manager: EntityManager, roomId: string, userId: string, bannedBy: string): Promise<void> {
    await manager.query(`INSERT INTO room_bans (room_id, user_id, banned_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [roomId, userId, bannedBy]);
    // A pending invitation must not stay in the banned user's list.
    await manager.query(
      `UPDATE invitations SET status = 'withdrawn', responded_at = now() WHERE room_id = $1 AND invitee_id = $2 AND status = 'pending'`,
      [roomId, userId],
    );
  }

  /**
   * A page of the room's members with their users, in join order: one prepared statement read into
   * entities directly (TypeORM's query builder built the SQL and hydrated the joined entities on every
   * call, about a third of the members page's CPU; issue 32).
   */
  async membersPage(roomId: string, offset: number, limit: number): Promise<RoomMember[]> {
    const rows = await this.reads.rows<RoomRow>(
      `SELECT ${MEMBER_COLUMNS}, ${MEMBER_USER_COLUMNS}
         FROM room_members m JOIN users u ON u.id = m.user_id
        WHERE m.room_id = $1
        ORDER BY m.joined_at ASC, m.user_id ASC
        OFFSET $2 LIMIT $3`,
      [roomId, offset, limit],
    );
    return rows.map((row) => Object.assign(toMembership(row)!, { user: memberUser(row) }));
  }

  async membersWithUsers(roomId: string, userIds: string[], manager: EntityManager = this.manager): Promise<RoomMember[]> {
    if (userIds.length === 0) return [];
    return manager
      .getRepository(RoomMember)
      .createQueryBuilder('m')
      .leftJoinAndSelect('m.user', 'u')
      .where('m.room_id = :roomId AND m.user_id IN (:...userIds)', { roomId, userIds })
      .orderBy('m.joined_at', 'ASC')
      .getMany();
  }

  async existingUserIds(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.manager.query(`SELECT id FROM users WHERE id = ANY($1)`, [userIds]);
    return new Set(rows.map((r) => r.id));
  }
}
