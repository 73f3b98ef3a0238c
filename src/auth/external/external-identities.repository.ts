import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../../database/uuid';
import { User } from '../../users/entities/user.entity';

@Injectable()
export class ExternalIdentitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
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

  /** Users behind many subjects of one issuer (a roster), subject -> user id. */
  async userIdsBySubject(issuer: string, subjects: string[]): Promise<Map<string, string>> {
    if (subjects.length === 0) return new Map();
    const rows: { subject: string; user_id: string }[] = await this.dataSource.query(
      `SELECT subject, user_id FROM external_identities WHERE issuer = $1 AND subject = ANY($2::text[])`,
      [issuer, subjects],
    );
    return new Map(rows.map((r) => [r.subject, r.user_id]));
  }

  async link(manager: EntityManager, issuer: string, subject: string, userId: string): Promise<void> {
    await manager.query(`INSERT INTO external_identities (id, issuer, subject, user_id) VALUES ($1, $2, $3, $4)`, [
      newId(),
      issuer,
      subject,
      userId,
    ]);
  }

  /** Taken usernames among `base` and `base-N`, to pick a free one without a loop of queries. */
  async usernamesLike(base: string): Promise<Set<string>> {
    const rows: { username: string }[] = await this.dataSource.query(
      `SELECT username FROM users WHERE username = $1 OR username LIKE $2`,
      [base, `${base.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`],
    );
    return new Set(rows.map((r) => r.username));
  }

  async emailTaken(email: string, exceptUserId?: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM users WHERE email = $1 AND id IS DISTINCT FROM $2`, [email, exceptUserId ?? null]);
    return rows.length > 0;
  }
}
