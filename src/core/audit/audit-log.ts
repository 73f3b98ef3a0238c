import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { queryRows } from '../database/query-rows';
import { newId } from '../database/uuid';
import { AuditEntry } from './store/entities/audit-entry.entity';

export type AuditAction =
  | 'room.updated'
  | 'room.archived'
  | 'room.unarchived'
  | 'room.activated'
  | 'room.deactivated'
  | 'room.deleted'
  | 'member.role_changed'
  | 'member.muted'
  | 'member.unmuted'
  | 'member.kicked'
  | 'member.banned'
  | 'member.unbanned'
  | 'message.deleted'
  | 'report.resolved'
  | 'user.deleted'
  | 'user.exported'
  | 'user.type_changed'
  | 'user.role_changed'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'webhook.secret_rotated';

export interface AuditRecord {
  actor: Pick<AuthUser, 'id' | 'username'> | null;
  action: AuditAction;
  room?: { id: string; name: string | null } | null;
  target?: { type: 'user' | 'message' | 'room' | 'report' | 'api_key' | 'webhook'; id: string; name?: string | null } | null;
  reason?: string;
  details?: Record<string, unknown>;
}

/**
 * The append-only record of moderation and administrative actions. Written in
 * the transaction of the action it records (pass its manager), so an action
 * and its entry commit or roll back together.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: Pick<EntityManager, 'query'> | null, entry: AuditRecord): Promise<void> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO audit_log (id, actor_id, actor_name, action, room_id, room_name, target_type, target_id, target_name, reason, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        newId(),
        entry.actor?.id ?? null,
        entry.actor?.username ?? '',
        entry.action,
        entry.room?.id ?? null,
        entry.room?.name ?? null,
        entry.target?.type ?? null,
        entry.target?.id ?? null,
        entry.target?.name ?? null,
        entry.reason ?? '',
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  /** Newest first, keyset on the time-ordered id: one room's entries, or all. */
  async page(roomId: string | null, before: string | undefined, limit: number): Promise<AuditEntry[]> {
    const rows = await queryRows<Record<string, unknown>>(
      this.dataSource,
      `SELECT * FROM audit_log
        WHERE ($1::uuid IS NULL OR room_id = $1) AND ($2::uuid IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3`,
      [roomId, before ?? null, limit],
    );
    return rows.map((r) =>
      Object.assign(new AuditEntry(), {
        id: r.id,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        roomId: r.room_id,
        roomName: r.room_name,
        targetType: r.target_type,
        targetId: r.target_id,
        targetName: r.target_name,
        reason: r.reason,
        details: r.details,
        createdAt: r.created_at,
      }),
    );
  }
}
