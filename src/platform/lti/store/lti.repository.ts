import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { LtiContext } from './entities/lti-context.entity';
import { LtiLaunchState } from './entities/lti-launch-state.entity';
import { LtiPlatform } from './entities/lti-platform.entity';
import { LtiToolKey } from './entities/lti-tool-key.entity';

/** A course due for a roster sync, with the organization it runs in (read in system scope). */
export interface DueContext {
  organizationId: string;
  platformId: string;
  contextId: string;
}

/** The organization's LTI rows: its keys, its platforms, logins in progress and the courses seen. */
@Injectable()
export class LtiRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // Keys

  /** Every key, newest first: the first signs, all are published. */
  keys(): Promise<LtiToolKey[]> {
    return this.dataSource.getRepository(LtiToolKey).find({ order: { createdAt: 'DESC', kid: 'DESC' } });
  }

  async insertKey(key: Pick<LtiToolKey, 'kid' | 'publicJwk' | 'privateKey'>): Promise<void> {
    const repo = this.dataSource.getRepository(LtiToolKey);
    await repo.save(repo.create(key));
  }

  // Platforms

  platforms(): Promise<LtiPlatform[]> {
    return this.dataSource.getRepository(LtiPlatform).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  platform(id: string): Promise<LtiPlatform | null> {
    return this.dataSource.getRepository(LtiPlatform).findOneBy({ id });
  }

  /** The platforms of an issuer, with the given client id when one is named. */
  platformsOf(issuer: string, clientId?: string): Promise<LtiPlatform[]> {
    return this.dataSource
      .getRepository(LtiPlatform)
      .find({ where: clientId === undefined ? { issuer } : { issuer, clientId }, order: { createdAt: 'ASC' } });
  }

  insertPlatform(manager: EntityManager, platform: Partial<LtiPlatform>): Promise<LtiPlatform> {
    const repo = manager.getRepository(LtiPlatform);
    return repo.save(repo.create(platform));
  }

  async updatePlatform(manager: EntityManager, id: string, changes: Partial<LtiPlatform>): Promise<void> {
    await manager.getRepository(LtiPlatform).update({ id }, changes);
  }

  async deletePlatform(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(LtiPlatform).delete({ id });
  }

  // Logins in progress

  async insertState(state: Pick<LtiLaunchState, 'stateHash' | 'platformId' | 'nonce' | 'expiresAt'>): Promise<void> {
    await this.dataSource.getRepository(LtiLaunchState).insert(state);
  }

  /** Takes a state once: the row is deleted as it is read, so a second launch with it finds nothing. */
  async takeState(stateHash: string): Promise<{ platformId: string; nonce: string; expiresAt: Date } | null> {
    const rows = await queryRows<{ platform_id: string; nonce: string; expires_at: Date }>(
      this.dataSource.manager,
      `DELETE FROM lti_launch_states WHERE state_hash = $1 RETURNING platform_id, nonce, expires_at`,
      [stateHash],
    );
    const row = rows[0];
    return row ? { platformId: row.platform_id, nonce: row.nonce, expiresAt: new Date(row.expires_at) } : null;
  }

  async purgeStates(before: Date): Promise<void> {
    await this.dataSource.getRepository(LtiLaunchState).delete({ expiresAt: LessThan(before) });
  }

  // Courses

  context(platformId: string, contextId: string): Promise<LtiContext | null> {
    return this.dataSource.getRepository(LtiContext).findOneBy({ platformId, contextId });
  }

  /** The courses of a platform, by title (the deep-linking page's choices). */
  contextsOf(platformId: string): Promise<LtiContext[]> {
    return this.dataSource.getRepository(LtiContext).find({ where: { platformId }, order: { title: 'ASC', contextId: 'ASC' } });
  }

  /** A course's row: its room, title, deployment and roster URL as the newest launch says. */
  async saveContext(context: Pick<LtiContext, 'platformId' | 'contextId' | 'roomId' | 'title' | 'deploymentId' | 'membershipsUrl'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO lti_contexts (platform_id, context_id, room_id, title, deployment_id, memberships_url)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (platform_id, context_id) DO UPDATE
          SET room_id = EXCLUDED.room_id, title = EXCLUDED.title, deployment_id = EXCLUDED.deployment_id,
              memberships_url = COALESCE(EXCLUDED.memberships_url, lti_contexts.memberships_url)`,
      [context.platformId, context.contextId, context.roomId, context.title, context.deploymentId, context.membershipsUrl],
    );
  }

  async markSynced(platformId: string, contextId: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(LtiContext).update({ platformId, contextId }, { syncedAt: at });
  }

  /**
   * Claims courses with a roster URL not synced since `before`, oldest first, by marking them
   * synced now (so another node's worker skips them); run in system scope: every organization's.
   */
  async claimDue(before: Date, limit: number): Promise<DueContext[]> {
    const rows = await queryRows<{ organization_id: string; platform_id: string; context_id: string }>(
      this.dataSource.manager,
      `UPDATE lti_contexts c SET synced_at = now()
         FROM (SELECT platform_id, context_id FROM lti_contexts
                WHERE memberships_url IS NOT NULL AND (synced_at IS NULL OR synced_at < $1)
                ORDER BY synced_at ASC NULLS FIRST LIMIT $2 FOR UPDATE SKIP LOCKED) due
        WHERE c.platform_id = due.platform_id AND c.context_id = due.context_id
        RETURNING c.organization_id, c.platform_id, c.context_id`,
      [before, limit],
    );
    return rows.map((r) => ({ organizationId: r.organization_id, platformId: r.platform_id, contextId: r.context_id }));
  }
}
