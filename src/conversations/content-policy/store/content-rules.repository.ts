import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../../../core/database/uuid';
import { ContentRule } from './entities/content-rule.entity';

export type NewContentRule = Pick<ContentRule, 'scope' | 'roomId' | 'name' | 'kind' | 'action' | 'config' | 'enabled'>;

/** At most this many rules per scope: each is compiled into every send of its rooms. */
export const MAX_RULES_PER_SCOPE = 100;

@Injectable()
export class ContentRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Every enabled rule, in creation order (ids are time-ordered), with its organization: what the
   * send path compiles. Called in system scope, so it reads every organization's rules at once.
   */
  enabled(): Promise<ContentRule[]> {
    return this.dataSource
      .getRepository(ContentRule)
      .createQueryBuilder('rule')
      .addSelect('rule.organizationId')
      .where('rule.enabled')
      .orderBy('rule.id', 'ASC')
      .getMany();
  }

  /** One scope's rules (the deployment's with roomId null), in creation order. */
  list(roomId: string | null): Promise<ContentRule[]> {
    const where = roomId ? { scope: 'room' as const, roomId } : { scope: 'deployment' as const };
    return this.dataSource.getRepository(ContentRule).find({ where, order: { id: 'ASC' } });
  }

  findInScope(id: string, roomId: string | null, manager: EntityManager = this.dataSource.manager): Promise<ContentRule | null> {
    const where = roomId ? { id, scope: 'room' as const, roomId } : { id, scope: 'deployment' as const };
    return manager.getRepository(ContentRule).findOne({ where, lock: { mode: 'pessimistic_write' } });
  }

  countInScope(manager: EntityManager, roomId: string | null): Promise<number> {
    const where = roomId ? { scope: 'room' as const, roomId } : { scope: 'deployment' as const };
    return manager.getRepository(ContentRule).count({ where });
  }

  create(manager: EntityManager, rule: NewContentRule): Promise<ContentRule> {
    const repo = manager.getRepository(ContentRule);
    return repo.save(repo.create({ ...rule, id: newId() }));
  }

  save(manager: EntityManager, rule: ContentRule): Promise<ContentRule> {
    return manager.getRepository(ContentRule).save(rule);
  }

  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(ContentRule).delete({ id });
  }
}
