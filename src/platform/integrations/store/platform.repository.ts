import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RoomRole } from '../../../conversations/rooms/store/entities/room-member.entity';
import { queryRows } from '../../../core/database/query-rows';

export interface PlatformRoomFields {
  name: string;
  roomType: string;
  visibility: 'public' | 'private';
  slug: string | null;
  description: string;
  meta: Record<string, unknown>;
  isActive: boolean;
  maxParticipants: number | null;
}

/** The platform's rooms (by their external id) and bulk membership writes for rosters. */
@Injectable()
export class PlatformRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async roomIdOf(externalId: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const rows = await queryRows<{ room_id: string }>(manager, `SELECT room_id FROM external_rooms WHERE external_id = $1`, [externalId]);
    return rows[0]?.room_id ?? null;
  }

  /** The room and its external id in one transaction; a concurrent twin loses on the primary key. */
  async insertRoom(manager: EntityManager, id: string, externalId: string, f: PlatformRoomFields): Promise<void> {
    await manager.query(
      `INSERT INTO rooms (id, name, slug, description, room_type, visibility, meta, is_active, max_participants)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, f.name, f.slug, f.description, f.roomType, f.visibility, JSON.stringify(f.meta), f.isActive, f.maxParticipants],
    );
    await manager.query(`INSERT INTO external_rooms (external_id, room_id) VALUES ($1, $2)`, [externalId, id]);
  }

  async updateRoom(manager: EntityManager, id: string, f: PlatformRoomFields): Promise<void> {
    await manager.query(
      `UPDATE rooms SET name = $2, slug = $3, description = $4, room_type = $5, visibility = $6, meta = $7, is_active = $8,
              max_participants = $9, updated_at = now() WHERE id = $1`,
      [id, f.name, f.slug, f.description, f.roomType, f.visibility, JSON.stringify(f.meta), f.isActive, f.maxParticipants],
    );
  }

  async slugTaken(manager: EntityManager, slug: string, roomId: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM rooms WHERE slug = $1 AND id <> $2`, [slug, roomId])).length > 0;
  }

  /** The rooms a user is a member of, in id order (the order their rows are locked in). */
  async roomIdsOfMember(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await queryRows<{ room_id: string }>(manager, `SELECT room_id FROM room_members WHERE user_id = $1 ORDER BY room_id`, [userId]);
    return rows.map((r) => r.room_id);
  }

  async members(manager: EntityManager, roomId: string): Promise<Map<string, RoomRole>> {
    const rows = await queryRows<{ user_id: string; role: RoomRole }>(manager, `SELECT user_id, role FROM room_members WHERE room_id = $1`, [roomId]);
    return new Map(rows.map((r) => [r.user_id, r.role]));
  }

  async removeMembers(manager: EntityManager, roomId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const gone = await queryRows(manager, `DELETE FROM room_members WHERE room_id = $1 AND user_id = ANY($2::uuid[]) RETURNING 1`, [roomId, userIds]);
    await manager.query(`UPDATE rooms SET participant_count = participant_count - $2 WHERE id = $1`, [roomId, gone.length]);
  }

  async setRoles(manager: EntityManager, roomId: string, changes: { userId: string; role: RoomRole }[]): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `UPDATE room_members m SET role = c.role FROM unnest($2::uuid[], $3::text[]) AS c(user_id, role)
        WHERE m.room_id = $1 AND m.user_id = c.user_id`,
      [roomId, changes.map((c) => c.userId), changes.map((c) => c.role)],
    );
  }

  /** The bot user the platform posts as (made once, on first use). */
  async botUserId(): Promise<string | null> {
    const rows: { user_id: string }[] = await this.dataSource.query(
      `SELECT user_id FROM external_identities WHERE issuer = 'parley' AND subject = 'platform-bot'`,
    );
    return rows[0]?.user_id ?? null;
  }
}
