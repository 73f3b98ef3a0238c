import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { User } from '../../users/store/entities/user.entity';

@Injectable()
export class BlocksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Idempotent: answers whether the block is new. */
  async add(blockerId: string, blockedId: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING blocker_id`,
      [blockerId, blockedId],
    );
    return rows.length > 0;
  }

  async remove(blockerId: string, blockedId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2`, [blockerId, blockedId]);
  }

  /** Whether either of the two has blocked the other. */
  async eitherWay(a: string, b: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM user_blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1) LIMIT 1`,
      [a, b],
    );
    return rows.length > 0;
  }

  /** Which of `userIds` have blocked `blockedId`. */
  async blockersAmong(blockedId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await queryRows<{ blocker_id: string }>(
      this.dataSource,
      `SELECT blocker_id FROM user_blocks WHERE blocked_id = $1 AND blocker_id = ANY($2::uuid[])`,
      [blockedId, userIds],
    );
    return rows.map((r) => r.blocker_id);
  }

  async count(blockerId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(this.dataSource, `SELECT count(*)::int AS n FROM user_blocks WHERE blocker_id = $1`, [blockerId]);
    return row.n;
  }

  /** The users `blockerId` blocked, newest block first, with when. */
  async page(blockerId: string, offset: number, limit: number): Promise<{ user: User; blockedAt: Date }[]> {
    const rows = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin('user_blocks', 'b', 'b.blocked_id = u.id AND b.blocker_id = :blockerId', { blockerId })
      .addSelect('b.created_at', 'blocked_at')
      .orderBy('b.created_at', 'DESC')
      .addOrderBy('u.id', 'ASC')
      .offset(offset)
      .limit(limit)
      .getRawAndEntities();
    return rows.entities.map((user, i) => ({ user, blockedAt: rows.raw[i].blocked_at as Date }));
  }
}
