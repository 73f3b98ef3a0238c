import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { APP_ROLE, DEFAULT_ORGANIZATION_ID } from '../src/core/database/organization-scope';
import { ORGANIZATION_SCOPED_TABLES, UNSCOPED_TABLES } from '../src/core/database/organization-tables';
import { createTestDatabase } from './support/test-database';

/** Every table is an organization's (organization_id + the isolation policy) or on the reasoned allowlist. */
describe('Organizations schema (e2e)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  const other = '00000000-0000-4000-8000-0000000000b2';

  beforeAll(async () => {
    const database = await createTestDatabase({ empty: true });
    drop = database.drop;
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await drop();
  });

  it('lists every table either as an organization’s or as left out with a reason', async () => {
    const tables: { name: string }[] = await dataSource.query(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    const scoped: readonly string[] = ORGANIZATION_SCOPED_TABLES;
    const neither = tables.map((t) => t.name).filter((name) => !scoped.includes(name) && !(name in UNSCOPED_TABLES));
    expect(neither).toEqual([]);
    expect(scoped.filter((name) => !tables.some((t) => t.name === name))).toEqual([]);
  });

  it('gives every organization’s table organization_id (NOT NULL, a foreign key), forced row-level security and the isolation policy', async () => {
    const rows: { table: string; column: boolean; notNull: boolean; fk: boolean; rls: boolean; forced: boolean; policy: boolean }[] =
      await dataSource.query(
        `SELECT t AS table,
                a.attname IS NOT NULL AS column, coalesce(a.attnotnull, false) AS "notNull",
                EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = t::regclass AND c.contype = 'f'
                          AND c.confrelid = 'organizations'::regclass AND c.conkey = ARRAY[a.attnum]) AS fk,
                k.relrowsecurity AS rls, k.relforcerowsecurity AS forced,
                EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = t AND p.policyname = 'organization_isolation'
                          AND p.cmd = 'ALL' AND p.qual LIKE '%parley_organization()%' AND p.with_check LIKE '%parley_organization()%') AS policy
           FROM unnest($1::text[]) AS t
           JOIN pg_class k ON k.oid = t::regclass
           LEFT JOIN pg_attribute a ON a.attrelid = k.oid AND a.attname = 'organization_id' AND NOT a.attisdropped`,
        [[...ORGANIZATION_SCOPED_TABLES]],
      );
    for (const row of rows) expect(row).toEqual({ table: row.table, column: true, notNull: true, fk: true, rls: true, forced: true, policy: true });
  });

  it('puts every table with an organization_id column, listed or not, under forced row-level security and the isolation policy alone', async () => {
    // From the catalog, not the list: a table that gains the column without joining ORGANIZATION_SCOPED_TABLES fails here.
    const rows: { table: string; rls: boolean; forced: boolean; isolation: boolean; widening: string[] }[] = await dataSource.query(
      `SELECT c.table_name AS table, k.relrowsecurity AS rls, k.relforcerowsecurity AS forced,
              EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.table_name
                        AND p.policyname = 'organization_isolation' AND p.permissive = 'PERMISSIVE' AND p.cmd = 'ALL'
                        AND p.qual LIKE '%parley_organization()%' AND p.with_check LIKE '%parley_organization()%') AS isolation,
              array(SELECT p.policyname::text FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.table_name
                      AND p.permissive = 'PERMISSIVE' AND p.policyname <> 'organization_isolation') AS widening
         FROM information_schema.columns c
         JOIN pg_class k ON k.oid = format('%I.%I', c.table_schema, c.table_name)::regclass
        WHERE c.table_schema = 'public' AND c.column_name = 'organization_id'
        ORDER BY 1`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(ORGANIZATION_SCOPED_TABLES.length);
    const problems: Record<string, string[]> = {};
    for (const row of rows) {
      const wrong = [
        ...(ORGANIZATION_SCOPED_TABLES.includes(row.table) ? [] : ['not in ORGANIZATION_SCOPED_TABLES']),
        ...(row.rls ? [] : ['row-level security off']),
        ...(row.forced ? [] : ['row-level security not forced']),
        ...(row.isolation ? [] : ['no organization_isolation policy']),
        // Permissive policies are OR-ed: another one would widen the isolation.
        ...row.widening.map((policy) => `permissive policy ${policy}`),
      ];
      if (wrong.length) problems[row.table] = wrong;
    }
    expect(problems).toEqual({});
  });

  it('makes the application role one that row-level security binds: no superuser, no BYPASSRLS, owner of nothing', async () => {
    const [role] = await dataSource.query(`SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = $1`, [APP_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const owned = await dataSource.query(`SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)`, [APP_ROLE]);
    expect(owned).toEqual([]);
  });

  it('lets the application role see and write only the current organization’s rows, and nothing without one', async () => {
    await dataSource.query(`INSERT INTO organizations (id, slug, name) VALUES ($1, 'other', 'Other')`, [other]);
    await dataSource.query(
      `INSERT INTO users (id, username, email, password_hash, display_name) VALUES (gen_random_uuid(), 'ann', 'ann@example.com', 'x', 'Ann')`,
    );
    const asApp = (organizationId: string, system: string, sql: string, params: unknown[] = []) =>
      dataSource.transaction(async (tx) => {
        await tx.query(`SELECT set_config('role', $1, true), set_config('parley.organization_id', $2, true), set_config('parley.system', $3, true)`, [
          APP_ROLE,
          organizationId,
          system,
        ]);
        return tx.query(sql, params);
      });
    await expect(asApp(DEFAULT_ORGANIZATION_ID, '', `SELECT username FROM users`)).resolves.toEqual([{ username: 'ann' }]);
    await expect(asApp(other, '', `SELECT username FROM users`)).resolves.toEqual([]);
    await expect(asApp('', '', `SELECT username FROM users`)).resolves.toEqual([]);
    await expect(asApp('', 'on', `SELECT username FROM users`)).resolves.toEqual([{ username: 'ann' }]);
    // The same username in another organization is another user; a row for a foreign organization is refused.
    await asApp(
      other,
      '',
      `INSERT INTO users (id, username, email, password_hash, display_name) VALUES (gen_random_uuid(), 'ann', 'ann@example.com', 'x', 'Ann')`,
    );
    await expect(
      asApp(
        other,
        '',
        `INSERT INTO users (id, organization_id, username, email, password_hash, display_name) VALUES (gen_random_uuid(), $1, 'bob', 'b@x', 'x', 'Bob')`,
        [DEFAULT_ORGANIZATION_ID],
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asApp(other, '', `UPDATE users SET display_name = 'Hijacked' WHERE organization_id = $1 RETURNING id`, [DEFAULT_ORGANIZATION_ID]),
    ).resolves.toEqual([[], 0]);
  });
});
