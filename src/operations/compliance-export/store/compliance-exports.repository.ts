import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actInOrganization } from '../../../core/database/act-in-organization';
import { queryRows } from '../../../core/database/query-rows';
import type { Tx } from '../../../core/database/transaction';
import { ComplianceExport, ExportManifest } from './entities/compliance-export.entity';

/** A claim lasts this long without a heartbeat; then another node may take the job over. */
export const CLAIM_LEASE_SECONDS = 120;

@Injectable()
export class ComplianceExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** `work`'s statements in `tx` act in another organization (an operator's export audited there too). */
  inOrganization<T>(tx: Tx, organizationId: string, work: () => Promise<T>): Promise<T> {
    return actInOrganization(tx, organizationId, work);
  }

  async insert(
    tx: Tx,
    job: Pick<
      ComplianceExport,
      'id' | 'requestedBy' | 'roomIds' | 'userIds' | 'organizationWide' | 'sourceOrganizationId' | 'fromAt' | 'untilAt' | 'format' | 'includeFiles'
    >,
  ): Promise<void> {
    await tx.getRepository(ComplianceExport).insert(job);
  }

  find(id: string, tx: Tx = this.dataSource.manager): Promise<ComplianceExport | null> {
    return tx.getRepository(ComplianceExport).findOneBy({ id });
  }

  /** Newest first, keyset on the time-ordered id. */
  page(before: string | undefined, limit: number): Promise<ComplianceExport[]> {
    const query = this.dataSource.getRepository(ComplianceExport).createQueryBuilder('e').orderBy('e.id', 'DESC').limit(limit);
    if (before) query.where('e.id < :before', { before });
    return query.getMany();
  }

  /**
   * Whether the organization exists: asked inside it (a connection sees its own organization's row),
   * so an operator may name any, and no system scope is needed.
   */
  async organizationExists(organizationId: string): Promise<boolean> {
    return (await queryRows(this.dataSource, `SELECT 1 FROM organizations WHERE id = $1`, [organizationId])).length > 0;
  }

  /**
   * Finished jobs whose archive was written at least `ttlSeconds` ago, oldest first (system scope:
   * each is then removed in its organization).
   */
  due(ttlSeconds: number, limit: number): Promise<{ id: string; organization_id: string; storage_key: string | null }[]> {
    return queryRows(
      this.dataSource,
      `SELECT id, organization_id, storage_key FROM compliance_exports
        WHERE status = 'done' AND finished_at < now() - make_interval(secs => $1) ORDER BY finished_at LIMIT $2`,
      [ttlSeconds, limit],
    );
  }

  /** Marks the finished job expired (its archive is gone); false when another node did first. */
  async expire(id: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE compliance_exports SET status = 'expired', expired_at = now(), storage_key = NULL WHERE id = $1 AND status = 'done' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** The ids that name no user (nor a user a legal hold names, whose records outlive them) / no room. */
  async missing(userIds: string[], roomIds: string[]): Promise<{ users: string[]; rooms: string[] }> {
    const [row] = await queryRows<{ users: string[]; rooms: string[] }>(
      this.dataSource,
      `SELECT array(SELECT x FROM unnest($1::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x)
                                                    AND NOT EXISTS (SELECT 1 FROM legal_hold_users hu WHERE hu.user_id = x)) AS users,
              array(SELECT x FROM unnest($2::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM rooms r WHERE r.id = x)) AS rooms`,
      [userIds, roomIds],
    );
    return row;
  }

  /**
   * Claims the oldest pending job, or a running one whose claim lapsed (its node died), for this
   * node: `running`, one more attempt, a fresh claim. SKIP LOCKED lets nodes claim side by side.
   * Called in system scope (any organization's job); the job carries its `organizationId`.
   */
  async claim(): Promise<ComplianceExport | null> {
    const rows = await queryRows<{ id: string; organization_id: string }>(
      this.dataSource,
      `UPDATE compliance_exports SET status = 'running', attempts = attempts + 1, claimed_at = now()
        WHERE id = (SELECT id FROM compliance_exports
                     WHERE status = 'pending' OR (status = 'running' AND claimed_at < now() - make_interval(secs => $1))
                     ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
       RETURNING id, organization_id`,
      [CLAIM_LEASE_SECONDS],
    );
    if (!rows[0]) return null;
    const job = await this.find(rows[0].id);
    if (job) job.organizationId = rows[0].organization_id;
    return job;
  }

  /** Renews the claim while the job runs. */
  async heartbeat(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE compliance_exports SET claimed_at = now() WHERE id = $1 AND status = 'running'`, [id]);
  }

  async finish(id: string, done: { storageKey: string; size: number; sha256: string; manifest: ExportManifest }): Promise<void> {
    await this.dataSource.query(
      `UPDATE compliance_exports SET status = 'done', storage_key = $2, size = $3, sha256 = $4, manifest = $5, error = NULL, finished_at = now()
        WHERE id = $1`,
      [id, done.storageKey, done.size, done.sha256, JSON.stringify(done.manifest)],
    );
  }

  /** Back to pending for another attempt, or `failed` for good at the last one. */
  async fail(id: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE compliance_exports SET status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END, error = $2,
              finished_at = CASE WHEN $3 THEN now() END
        WHERE id = $1`,
      [id, error, final],
    );
  }
}
