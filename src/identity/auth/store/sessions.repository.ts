import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { PreparedStatements } from '../../../core/database/prepared-statements';
import { queryRows } from '../../../core/database/query-rows';
import { User, UserRole, UserType } from '../../users/store/entities/user.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { UserSession } from './entities/user-session.entity';
import { SUSPENDED_NOW } from './suspensions.repository';

/** The caller behind a live login: what AuthUser needs, nothing more. */
export type LiveUser = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'userType'>;

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: PreparedStatements,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  createSession(manager: EntityManager, session: Partial<UserSession>): Promise<UserSession> {
    const repo = manager.getRepository(UserSession);
    return repo.save(repo.create(session));
  }

  addToken(manager: EntityManager, token: Partial<RefreshToken>): Promise<RefreshToken> {
    const repo = manager.getRepository(RefreshToken);
    return repo.save(repo.create(token));
  }

  /** The organization of a refresh token's row: the one query of a refresh made before its organization is known (system scope). */
  async organizationOfToken(tokenHash: string): Promise<string | null> {
    const [row] = await queryRows<{ organization_id: string }>(this.dataSource, `SELECT organization_id FROM refresh_tokens WHERE token_hash = $1`, [
      tokenHash,
    ]);
    return row?.organization_id ?? null;
  }

  /** Locks the token row so two concurrent refreshes cannot both spend it. */
  findTokenForUpdate(manager: EntityManager, tokenHash: string): Promise<RefreshToken | null> {
    return manager
      .getRepository(RefreshToken)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  findToken(tokenHash: string): Promise<RefreshToken | null> {
    return this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash });
  }

  findSession(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserSession | null> {
    return manager.getRepository(UserSession).findOneBy({ id });
  }

  /** Whether another token of the same login was spent at or after this one (the login moved on). */
  async spentSince(manager: EntityManager, token: RefreshToken): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM refresh_tokens WHERE session_id = $1 AND id <> $2 AND consumed_at >= $3 LIMIT 1`, [
      token.sessionId,
      token.id,
      token.consumedAt,
    ]);
    return rows.length > 0;
  }

  async consumeToken(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.getRepository(RefreshToken).update({ id }, { consumedAt: at });
  }

  async revokeSession(id: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(UserSession).update({ id, revokedAt: IsNull() }, { revokedAt: at });
  }

  async revokeAllForUser(userId: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(UserSession).update({ userId, revokedAt: IsNull() }, { revokedAt: at });
  }

  /**
   * The user behind an access token, in one indexed query that also checks
   * the token's login is still live (logout, password change, deletion) and
   * whether a suspension applies (told apart: `account_suspended`, not a dead token).
   */
  async findUserWithLiveSession(userId: string, sessionId: string): Promise<(LiveUser & { suspended: boolean; live: boolean }) | null> {
    const rows = await this.reads.rows<{
      id: string;
      username: string;
      display_name: string;
      role: UserRole;
      user_type: UserType;
      live: boolean;
      suspended: boolean;
    }>(
      `SELECT u.id, u.username, u.display_name, u.role, u.user_type, s.revoked_at IS NULL AS live,
              EXISTS (SELECT 1 FROM user_suspensions x WHERE x.user_id = u.id AND ${SUSPENDED_NOW}) AS suspended
         FROM users u JOIN user_sessions s ON s.id = $2 AND s.user_id = u.id
        WHERE u.id = $1`,
      [userId, sessionId],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          username: row.username,
          displayName: row.display_name,
          role: row.role,
          userType: row.user_type,
          live: row.live,
          suspended: row.suspended,
        }
      : null;
  }
}
