import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { UserSuspension } from './entities/user-suspension.entity';

/** A suspension that applies: no end, or an end still ahead. */
const APPLIES_NOW = `(x.suspended_until IS NULL OR x.suspended_until > now())`;
/**
 * A suspension that locks the user out (sign-in, tokens, sockets; SessionsRepository.findUserWithLiveSession, SCIM's
 * `active`): one that applies and is not a shadow suspension, under which the user keeps signing in.
 */
export const SUSPENDED_NOW = `(NOT x.shadow AND ${APPLIES_NOW})`;

type SuspensionRow = {
  user_id: string;
  reason: string;
  suspended_until: Date | null;
  suspended_by: string | null;
  created_at: Date;
  shadow: boolean;
};

@Injectable()
export class SuspensionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The user's suspension while it applies (a shadow one too), else null. */
  async active(userId: string, manager: EntityManager = this.dataSource.manager): Promise<UserSuspension | null> {
    const rows = await queryRows<SuspensionRow>(
      manager,
      `SELECT x.user_id, x.reason, x.suspended_until, x.suspended_by, x.created_at, x.shadow FROM user_suspensions x WHERE x.user_id = $1 AND ${APPLIES_NOW}`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    return Object.assign(new UserSuspension(), {
      userId: row.user_id,
      reason: row.reason,
      suspendedUntil: row.suspended_until,
      suspendedBy: row.suspended_by,
      createdAt: row.created_at,
      shadow: row.shadow,
    });
  }

  /** Every shadow suspension that applies, in whatever organizations the caller's scope reads (ShadowSuspensions: all). */
  async shadowed(): Promise<{ userId: string; until: Date | null }[]> {
    const rows = await queryRows<{ user_id: string; suspended_until: Date | null }>(
      this.dataSource,
      `SELECT x.user_id, x.suspended_until FROM user_suspensions x WHERE x.shadow AND ${APPLIES_NOW}`,
      [],
    );
    return rows.map((r) => ({ userId: r.user_id, until: r.suspended_until }));
  }

  /**
   * Suspends, replacing an expired suspension, or a shadow one with one that locks the user out; answers null
   * when one still applies (nothing written). The row lock of ON CONFLICT orders two admins suspending at
   * once: the second finds the first's.
   */
  async suspend(
    manager: EntityManager,
    suspension: Pick<UserSuspension, 'userId' | 'reason' | 'suspendedUntil' | 'suspendedBy' | 'shadow'>,
  ): Promise<UserSuspension | null> {
    const rows = await queryRows<{ created_at: Date }>(
      manager,
      `INSERT INTO user_suspensions AS x (user_id, reason, suspended_until, suspended_by, shadow) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET reason = EXCLUDED.reason, suspended_until = EXCLUDED.suspended_until,
                                            suspended_by = EXCLUDED.suspended_by, shadow = EXCLUDED.shadow, created_at = now()
        WHERE NOT ${APPLIES_NOW} OR (x.shadow AND NOT EXCLUDED.shadow)
       RETURNING x.created_at`,
      [suspension.userId, suspension.reason, suspension.suspendedUntil, suspension.suspendedBy, suspension.shadow],
    );
    return rows[0] ? Object.assign(new UserSuspension(), { ...suspension, createdAt: rows[0].created_at }) : null;
  }

  /** Lifts the suspension; answers the one that applied (null: none did, nothing changed but an expired row's removal). */
  async lift(manager: EntityManager, userId: string): Promise<{ suspendedUntil: Date | null; reason: string; shadow: boolean } | null> {
    const rows = await queryRows<{ suspended_until: Date | null; reason: string; shadow: boolean; active: boolean }>(
      manager,
      `DELETE FROM user_suspensions x WHERE x.user_id = $1 RETURNING x.suspended_until, x.reason, x.shadow, ${APPLIES_NOW} AS active`,
      [userId],
    );
    const row = rows[0];
    return row?.active ? { suspendedUntil: row.suspended_until, reason: row.reason, shadow: row.shadow } : null;
  }

  /** Lifts the suspension only when it is the one `reason` names (a provisioning client's own); answers whether one applied. */
  async liftWithReason(manager: EntityManager, userId: string, reason: string): Promise<boolean> {
    const rows = await queryRows<{ active: boolean }>(
      manager,
      `DELETE FROM user_suspensions x WHERE x.user_id = $1 AND x.reason = $2 RETURNING ${APPLIES_NOW} AS active`,
      [userId, reason],
    );
    return rows[0]?.active ?? false;
  }
}
