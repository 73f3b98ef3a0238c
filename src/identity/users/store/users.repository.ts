import { escapeLike } from '../../../core/database/escape-like';
import { messageHeld, PIN_HELD_SENDER_MESSAGES } from '../../../core/legal-hold/store/held-records';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { User } from './entities/user.entity';

export interface UserSearch {
  search?: string;
  offset: number;
  limit: number;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** By id; inside `manager`'s transaction when given. */
  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return manager ? manager.findOneBy(User, { id }) : this.users.findOneBy({ id });
  }

  /** Login takes a username or an email; both are stored lower-cased. */
  findByLogin(login: string): Promise<User | null> {
    const value = login.trim().toLowerCase();
    return this.users.findOne({ where: value.includes('@') ? { email: value } : { username: value } });
  }

  async usernameOrEmailTaken(username: string, email: string): Promise<{ username: boolean; email: boolean }> {
    const rows = await this.users.find({ select: { username: true, email: true }, where: [{ username }, { email }] });
    return { username: rows.some((r) => r.username === username), email: rows.some((r) => r.email === email) };
  }

  insert(user: Partial<User>, manager?: EntityManager): Promise<User> {
    const repo = manager ? manager.getRepository(User) : this.users;
    return repo.save(repo.create(user));
  }

  /** Sets the user type; `also` runs in the same transaction (its audit entry). */
  async setUserType(id: string, userType: User['userType'], also: (manager: EntityManager) => Promise<void>): Promise<void> {
    await this.users.manager.transaction(async (manager) => {
      await manager.update(User, { id }, { userType });
      await also(manager);
    });
  }

  /** Saves the entity's changes; inside `manager`'s transaction when given. */
  save(user: User, manager?: EntityManager): Promise<User> {
    return manager ? manager.save(user) : this.users.save(user);
  }

  /**
   * Deletes the user; their messages stay with `sender: null`, or with `eraseMessages`
   * become tombstones first (content and meta emptied, counts adjusted), in one transaction.
   * A legal hold keeps the evidence (docs/compliance.md): the user's row is locked first (a hold
   * being placed on them waits, then finds them gone), their held messages are pinned with their
   * id before the sender turns NULL, and erasure keeps the original of each held message as its
   * last revision while removing the earlier versions of the others.
   */
  async remove(id: string, eraseMessages = false, within?: (manager: EntityManager) => Promise<void>): Promise<void> {
    await this.users.manager.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [id]);
      await manager.query(PIN_HELD_SENDER_MESSAGES, [id]);
      if (eraseMessages) await this.eraseMessages(manager, id);
      await manager.getRepository(User).delete({ id });
      await within?.(manager);
    });
  }

  private async eraseMessages(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `INSERT INTO message_revisions (message_id, version, content, meta, written_at, replaced_at, replaced_by)
       SELECT m.id, (SELECT count(*)::int FROM message_revisions r WHERE r.message_id = m.id), m.content, m.meta,
              coalesce(m.edited_at, m.created_at), now(), 'delete'
         FROM messages m WHERE m.sender_id = $1 AND m.deleted_at IS NULL AND m.type = 'text' AND ${messageHeld('m')}`,
      [id],
    );
    // Erasure takes the earlier versions of the messages no hold keeps (edits, and what deletions kept for moderators).
    await manager.query(
      `DELETE FROM message_revisions r USING messages m WHERE m.id = r.message_id AND m.sender_id = $1 AND NOT ${messageHeld('m')}`,
      [id],
    );
    await manager.query(
      `UPDATE rooms r SET message_count = GREATEST(r.message_count - x.n, 0)
         FROM (SELECT room_id, count(*)::int AS n FROM messages
                WHERE sender_id = $1 AND type = 'text' AND deleted_at IS NULL GROUP BY room_id) x
        WHERE r.id = x.room_id`,
      [id],
    );
    await manager.query(`UPDATE messages SET content = '', meta = '{}'::jsonb, deleted_at = now() WHERE sender_id = $1 AND deleted_at IS NULL`, [id]);
  }

  /** The users whose global role is `admin`, as the policy sees them (who may act deployment-wide is still the policy's call). */
  globalAdmins(): Promise<Pick<User, 'id' | 'role' | 'userType'>[]> {
    return this.users.find({ where: { role: 'admin' }, select: { id: true, role: true, userType: true } });
  }

  /** Username / display-name search (trigram indexes), ordered by username. */
  list({ search, offset, limit }: UserSearch): Promise<User[]> {
    return this.searchQuery(search).orderBy('u.username', 'ASC').offset(offset).limit(limit).getMany();
  }

  count(search?: string): Promise<number> {
    return this.searchQuery(search).getCount();
  }

  private searchQuery(search?: string) {
    const query = this.users.createQueryBuilder('u');
    if (search) {
      query.where('(u.username ILIKE :pattern OR u.display_name ILIKE :pattern)', {
        pattern: `%${escapeLike(search)}%`,
      });
    }
    return query;
  }

  async touchLastSeen(id: string, at: Date): Promise<void> {
    await this.users.update({ id }, { lastSeenAt: at });
  }
}
