import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../../../core/database/uuid';
import { User, UserRole } from '../../users/store/entities/user.entity';

@Injectable()
export class ExternalIdentitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts a just-in-time user; answers the entity as built (the database's defaults not read back). */
  async insertUser(manager: EntityManager, fields: Partial<User>): Promise<User> {
    const user = manager.getRepository(User).create(fields);
    await manager.getRepository(User).insert(user);
    return user;
  }

  /** The user as stored, inside `manager`'s transaction. */
  async userById(manager: EntityManager, id: string): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  async updateProfile(manager: EntityManager, userId: string, changes: Partial<User>): Promise<void> {
    await manager.getRepository(User).update({ id: userId }, changes);
  }

  /** The user behind `(issuer, subject)`, in one indexed join. */
  async findUser(issuer: string, subject: string): Promise<User | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin('external_identities', 'x', 'x.user_id = u.id')
      .where('x.issuer = :issuer AND x.subject = :subject', { issuer, subject })
      .getOne();
  }

  /** The user behind `(issuer, subject)` and when a token's role claim was last applied to it. */
  async findUserWithRoleClaim(issuer: string, subject: string): Promise<{ user: User; roleClaimedAt: Date | null } | null> {
    const { entities, raw } = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin('external_identities', 'x', 'x.user_id = u.id')
      .addSelect('x.role_claimed_at', 'role_claimed_at')
      .where('x.issuer = :issuer AND x.subject = :subject', { issuer, subject })
      .getRawAndEntities<{ role_claimed_at: Date | null }>();
    return entities[0] ? { user: entities[0], roleClaimedAt: raw[0].role_claimed_at } : null;
  }

  /** Users behind many subjects of one issuer (a roster), subject -> user id. */
  async userIdsBySubject(issuer: string, subjects: string[]): Promise<Map<string, string>> {
    if (subjects.length === 0) return new Map();
    const rows: { subject: string; user_id: string }[] = await this.dataSource.query(
      `SELECT subject, user_id FROM external_identities WHERE issuer = $1 AND subject = ANY($2::text[])`,
      [issuer, subjects],
    );
    return new Map(rows.map((r) => [r.subject, r.user_id]));
  }

  /** `roleClaimedAt`: the `iat` (seconds) of the token whose role claim the user was created with. */
  async link(manager: EntityManager, issuer: string, subject: string, userId: string, roleClaimedAt?: number): Promise<void> {
    await manager.query(`INSERT INTO external_identities (id, issuer, subject, user_id, role_claimed_at) VALUES ($1, $2, $3, $4, to_timestamp($5))`, [
      newId(),
      issuer,
      subject,
      userId,
      roleClaimedAt ?? null,
    ]);
  }

  /**
   * Moves the identity's role time forward to `issuedAt` (seconds) and answers the user's
   * current role, locked; or null when a token as new or newer was applied already. The
   * identity row's lock orders concurrent tokens: the older one then finds nothing to do.
   */
  async advanceRoleClaim(manager: EntityManager, issuer: string, subject: string, issuedAt: number): Promise<{ role: UserRole } | null> {
    const rows: { role: UserRole }[] = await manager.query(
      `WITH claimed AS (
         UPDATE external_identities SET role_claimed_at = to_timestamp($3), updated_at = now()
          WHERE issuer = $1 AND subject = $2 AND (role_claimed_at IS NULL OR role_claimed_at < to_timestamp($3))
          RETURNING user_id)
       SELECT u.role FROM users u JOIN claimed c ON c.user_id = u.id FOR UPDATE OF u`,
      [issuer, subject, issuedAt],
    );
    return rows[0] ?? null;
  }

  async setRole(manager: EntityManager, userId: string, role: UserRole): Promise<void> {
    await manager.query(`UPDATE users SET role = $2, updated_at = now() WHERE id = $1`, [userId, role]);
  }

  /** Taken usernames among `base` and `base-N`, to pick a free one without a loop of queries. */
  async usernamesLike(base: string): Promise<Set<string>> {
    const rows: { username: string }[] = await this.dataSource.query(`SELECT username FROM users WHERE username = $1 OR username LIKE $2`, [
      base,
      `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`,
    ]);
    return new Set(rows.map((r) => r.username));
  }

  async emailTaken(email: string, exceptUserId?: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM users WHERE email = $1 AND id IS DISTINCT FROM $2`, [email, exceptUserId ?? null]);
    return rows.length > 0;
  }
}
