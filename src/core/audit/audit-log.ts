import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user';
import type { Tx } from '../database/transaction';
import { AuditRepository } from './store/audit.repository';
import type { AuditEntry } from './store/entities/audit-entry.entity';

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
  | 'message.approved'
  | 'message.rejected'
  | 'report.resolved'
  | 'user.deleted'
  | 'user.exported'
  | 'user.type_changed'
  | 'user.role_changed'
  | 'user.suspended'
  | 'user.reinstated'
  | 'legal_hold.created'
  | 'legal_hold.released'
  | 'compliance_export.created'
  | 'compliance_export.downloaded'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'webhook.created'
  | 'webhook.updated'
  | 'webhook.deleted'
  | 'webhook.secret_rotated'
  | 'content_rule.created'
  | 'content_rule.updated'
  | 'content_rule.deleted'
  | 'lti_platform.created'
  | 'lti_platform.updated'
  | 'lti_platform.deleted'
  | 'lti.key_rotated';

export interface AuditRecord {
  actor: Pick<AuthUser, 'id' | 'username'> | null;
  action: AuditAction;
  room?: { id: string; name: string | null } | null;
  target?: {
    type: 'user' | 'message' | 'room' | 'report' | 'api_key' | 'webhook' | 'legal_hold' | 'export' | 'content_rule' | 'lti_platform';
    id: string;
    name?: string | null;
  } | null;
  reason?: string;
  details?: Record<string, unknown>;
}

/**
 * The append-only record of moderation and administrative actions. Written in
 * the transaction of the action it records (pass its `Tx`), so an action
 * and its entry commit or roll back together.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly audit: AuditRepository) {}

  async record(tx: Tx | null, entry: AuditRecord): Promise<void> {
    await this.audit.insert(tx, {
      actorId: entry.actor?.id ?? null,
      actorName: entry.actor?.username ?? '',
      action: entry.action,
      roomId: entry.room?.id ?? null,
      roomName: entry.room?.name ?? null,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      targetName: entry.target?.name ?? null,
      reason: entry.reason ?? '',
      details: entry.details ?? {},
    });
  }

  /** Newest first, keyset on the time-ordered id: one room's entries, or all. */
  page(roomId: string | null, before: string | undefined, limit: number): Promise<AuditEntry[]> {
    return this.audit.page(roomId, before, limit);
  }
}
