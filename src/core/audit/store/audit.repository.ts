import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../database/query-rows';
import type { Tx } from '../../database/transaction';
import { newId } from '../../database/uuid';
import { AuditEntry } from './entities/audit-entry.entity';

/** One row of the audit log as written; ids and the time are the store's. */
export interface AuditRow {
  actorId: string | null;
  actorName: string;
  action: string;
  roomId: string | null;
  roomName: string | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  reason: string;
  details: Record<string, unknown>;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends one entry, inside `tx` when given (the action's own transaction). */
  async insert(tx: Tx | null, row: AuditRow): Promise<void> {
    await (tx ?? this.dataSource).query(
      `INSERT INTO audit_log (id, actor_id, actor_name, action, room_id, room_name, target_type, target_id, target_name, reason, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        newId(),
        row.actorId,
        row.actorName,
        row.action,
        row.roomId,
        row.roomName,
        row.targetType,
        row.targetId,
        row.targetName,
        row.reason,
        JSON.stringify(row.details),
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
