import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get keys() {
    return this.dataSource.getRepository(ApiKey);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  insert(manager: EntityManager, key: Partial<ApiKey>): Promise<ApiKey> {
    const repo = manager.getRepository(ApiKey);
    return repo.save(repo.create(key));
  }

  /** Newest first; an installation has a handful of keys, so no paging. */
  list(): Promise<ApiKey[]> {
    return this.keys.find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ id });
  }

  /** A live (not revoked) key by the hash of its secret. */
  /** With its organization (the one column entities leave out): the key's requests act in it. */
  findLiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.keys
      .createQueryBuilder('k')
      .addSelect('k.organizationId')
      .where('k.keyHash = :keyHash AND k.revokedAt IS NULL', { keyHash })
      .getOne();
  }

  async revoke(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.getRepository(ApiKey).update({ id, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** At most once a minute per key: last_used_at is for humans, not an audit log. */
  async touch(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
      [id, at],
    );
  }
}
