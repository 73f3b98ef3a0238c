import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { MIGRATIONS } from '../src/core/database/migrations';
import { Organizations1796900000100 } from '../src/core/database/migrations/1796900000100-Organizations';
import { APP_ROLE, DEFAULT_ORGANIZATION_ID } from '../src/core/database/organization-scope';
import { UNSCOPED_TABLES } from '../src/core/database/organization-tables';
import { runMigrationsLocked } from '../src/core/database/run-migrations';
import { seedEveryTable, SeedRow, SeedValue } from './support/seed-every-table';
import { createTestDatabase, withClient } from './support/test-database';

const timestampOf = (migration: Function) => Number(/(\d{13})$/.exec(migration.name)?.[1]);
/** Every migration before the first of organizations: the schema of a deployment from before them. */
const BEFORE_ORGANIZATIONS = MIGRATIONS.filter((m) => timestampOf(m) < timestampOf(Organizations1796900000100));

const first = (table: string) => (seeded: Map<string, SeedRow[]>) => seeded.get(table)![0].id;
const second = (table: string) => (seeded: Map<string, SeedRow[]>) => seeded.get(table)![1].id;
/**
 * What the filler cannot guess: the values the tables' CHECKs accept, references without a foreign
 * key, and second rows where they matter (two users, a deployment-scope and a room content rule).
 * Every other table gets one generated row.
 */
const SEEDS: Record<string, Record<string, SeedValue>[]> = {
  users: [{ role: 'admin' }, {}],
  rooms: [{ room_type: 'GROUP' }],
  invitations: [{ invitee_id: second('users') }],
  user_blocks: [{ blocked_id: second('users') }],
  reports: [
    { target_type: 'message', target_id: first('messages') },
    { target_type: 'user', target_id: first('users') },
  ],
  compliance_exports: [{ format: 'csv' }],
  message_revisions: [{ replaced_by: 'edit' }],
  notification_devices: [{ kind: 'ios' }],
  notifications: [{ channel: 'push' }],
  content_rules: [
    { scope: 'deployment', room_id: null, kind: 'words', action: 'block', config: { words: ['pineapple'] } },
    { scope: 'room', kind: 'regex', action: 'flag', config: { pattern: 'p[i]ne' } },
  ],
};

const OTHER_ORGANIZATION = '00000000-0000-4000-8000-0000000000c3';

/**
 * A deployment from before organizations, with a row in every table, migrated to now
 * (docs/organizations.md, "Upgrading"): no row is lost, every organization-scoped row belongs to the
 * default organization, and the application role sees none of them in another organization's scope.
 * The tables come from the catalog, so a table added before the organizations migrations cannot be
 * left empty, and one added after them is checked too.
 */
describe('Organizations: migrating a database with data of every feature (e2e)', () => {
  let url: string;
  let drop: () => Promise<void>;
  let countsBefore: Record<string, number>;
  let countsAfter: Record<string, number>;

  beforeAll(async () => {
    const database = await createTestDatabase({ empty: true });
    url = database.url;
    drop = database.drop;
    await migrate({ ...dataSourceOptions(url, 2), migrations: BEFORE_ORGANIZATIONS });
    await withClient(url, (c) => seedEveryTable(c, SEEDS, ['typeorm_migrations']));
    countsBefore = await withClient(url, counts);
    await migrate(dataSourceOptions(url, 2));
    countsAfter = await withClient(url, counts);
    await withClient(url, (c) => c.query(`INSERT INTO organizations (id, slug, name) VALUES ($1, 'other', 'Other')`, [OTHER_ORGANIZATION]));
  }, 120_000);
  afterAll(() => drop());

  it('starts from a schema without organizations, with a row in every table', () => {
    expect(Object.keys(countsBefore)).toEqual(expect.arrayContaining(['users', 'rooms', 'messages', 'content_rules', 'webhook_deliveries']));
    expect(Object.keys(countsBefore)).not.toContain('organizations');
    expect(countsBefore.typeorm_migrations).toBe(BEFORE_ORGANIZATIONS.length);
    expect(Object.entries(countsBefore).filter(([, n]) => n === 0)).toEqual([]);
  });

  it('keeps every row of every table', () => {
    const kept = Object.fromEntries(Object.keys(countsBefore).map((table) => [table, countsAfter[table]]));
    expect(kept).toEqual({ ...countsBefore, typeorm_migrations: MIGRATIONS.length });
  });

  it('gives every table of the old schema but the left-out ones organization_id, and puts every row in the default organization', async () => {
    const scoped = await withClient(url, scopedTables);
    expect(Object.keys(countsBefore).filter((t) => !scoped.includes(t) && !(t in UNSCOPED_TABLES))).toEqual([]);
    const elsewhere = await withClient(url, async (c) => {
      const found: Record<string, number> = {};
      for (const table of scoped) {
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM "${table}" WHERE organization_id IS DISTINCT FROM $1`, [
          DEFAULT_ORGANIZATION_ID,
        ]);
        if (rows[0].n > 0) found[table] = rows[0].n;
      }
      return found;
    });
    expect(elsewhere).toEqual({});
    const rules = await withClient(url, (c) => c.query(`SELECT scope, organization_id FROM content_rules ORDER BY scope`));
    expect(rules.rows).toEqual([
      { scope: 'deployment', organization_id: DEFAULT_ORGANIZATION_ID },
      { scope: 'room', organization_id: DEFAULT_ORGANIZATION_ID },
    ]);
  });

  it('shows the application role every migrated row in the default organization and none in another, where it deletes none', async () => {
    const scoped = await withClient(url, scopedTables);
    const seen = await withClient(url, async (c) => {
      const out: Record<string, { own: number; other: number; deleted: number }> = {};
      for (const table of scoped) {
        const own = await asApp(c, DEFAULT_ORGANIZATION_ID, `SELECT count(*)::int AS n FROM "${table}"`);
        const other = await asApp(c, OTHER_ORGANIZATION, `SELECT count(*)::int AS n FROM "${table}"`);
        const deleted = await asApp(c, OTHER_ORGANIZATION, `DELETE FROM "${table}"`);
        out[table] = { own: own.rows[0].n as number, other: other.rows[0].n as number, deleted: deleted.rowCount ?? -1 };
      }
      return out;
    });
    const expected = Object.fromEntries(scoped.map((table) => [table, { own: countsAfter[table], other: 0, deleted: 0 }]));
    expect(seen).toEqual(expected);
    const organizations = await withClient(url, (c) => asApp(c, OTHER_ORGANIZATION, `SELECT id FROM organizations`));
    expect(organizations.rows).toEqual([{ id: OTHER_ORGANIZATION }]);
  });
});

/** Runs the options' pending migrations as the app's boot and src/core/database/migrate.ts do (runMigrationsLocked). */
async function migrate(options: ReturnType<typeof dataSourceOptions>): Promise<void> {
  const dataSource = await new DataSource(options).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Each base table's row count. */
async function counts(c: Client): Promise<Record<string, number>> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { name } of rows) out[name] = (await c.query(`SELECT count(*)::int AS n FROM "${name}"`)).rows[0].n as number;
  return out;
}

/** The tables with an organization_id column, from the catalog. */
async function scopedTables(c: Client): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT c.table_name AS name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** One statement as the application role in `organizationId`'s scope, rolled back. */
async function asApp(c: Client, organizationId: string, sql: string) {
  await c.query('BEGIN');
  try {
    await c.query(`SELECT set_config('role', $1, true), set_config('parley.organization_id', $2, true), set_config('parley.system', '', true)`, [
      APP_ROLE,
      organizationId,
    ]);
    return await c.query(sql);
  } finally {
    await c.query('ROLLBACK');
  }
}
