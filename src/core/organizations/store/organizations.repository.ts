import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../database/query-rows';
import type { Tx } from '../../database/transaction';
import { Organization, OrganizationSettings } from './entities/organization.entity';

const COLUMNS = `id, slug, name, settings, created_at AS "createdAt"`;

/**
 * The organizations table: not organization-scoped (organization-tables.ts says why), but under row-level
 * security of its own (`organization_self`): a connection sees its own organization's row, every row
 * only in system scope.
 */
@Injectable()
export class OrganizationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async findBySlug(slug: string): Promise<Organization | null> {
    const [row] = await queryRows<Organization>(this.dataSource, `SELECT ${COLUMNS} FROM organizations WHERE slug = $1`, [slug]);
    return row ?? null;
  }

  async findById(id: string): Promise<Organization | null> {
    const [row] = await queryRows<Organization>(this.dataSource, `SELECT ${COLUMNS} FROM organizations WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** The organizations whose own identity provider is `issuer` (settings.idp_issuer): call in system scope. */
  findByIssuer(issuer: string): Promise<Organization[]> {
    return queryRows<Organization>(this.dataSource, `SELECT ${COLUMNS} FROM organizations WHERE settings->>'idp_issuer' = $1 LIMIT 2`, [issuer]);
  }

  list(): Promise<Organization[]> {
    return queryRows<Organization>(this.dataSource, `SELECT ${COLUMNS} FROM organizations ORDER BY created_at, id`);
  }

  /** The rest of `tx` acts in `organizationId`, out of system scope (transaction-local: the connection's own scope is back at commit). */
  async actIn(tx: Tx, organizationId: string): Promise<void> {
    await tx.query(`SELECT set_config('parley.organization_id', $1, true), set_config('parley.system', '', true)`, [organizationId]);
  }

  async insert(tx: Tx, row: { id: string; slug: string; name: string; settings: OrganizationSettings }): Promise<Organization> {
    const [created] = await queryRows<Organization>(
      tx,
      `INSERT INTO organizations (id, slug, name, settings) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [row.id, row.slug, row.name, JSON.stringify(row.settings)],
    );
    return created;
  }

  async update(id: string, changes: { name?: string; settings?: OrganizationSettings }): Promise<Organization | null> {
    const [row] = await queryRows<Organization>(
      this.dataSource,
      `UPDATE organizations SET name = coalesce($2, name), settings = settings || coalesce($3::jsonb, '{}'::jsonb)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, changes.name ?? null, changes.settings ? JSON.stringify(changes.settings) : null],
    );
    return row ?? null;
  }
}
