import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { createTestDatabase } from './support/test-database';

/** The `migration:generate --check` guard: entities and migrations must describe the same schema. */
describe('Schema (e2e)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    dataSource = new DataSource(dataSourceOptions(database.url));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await drop();
  });

  it('applies every migration and then has nothing left to generate', async () => {
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration cleanly and applies them again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i += 1) await dataSource.undoLastMigration();
    const tables = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
    );
    expect(tables).toEqual([]);
    await dataSource.runMigrations();
    await expect(dataSource.driver.createSchemaBuilder().log()).resolves.toMatchObject({ upQueries: [] });
  });

  it('keeps the invariants in the database: named unique indexes and cascading foreign keys', async () => {
    const indexes = await dataSource.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public'`);
    expect(indexes.map((r: { indexname: string }) => r.indexname)).toEqual(
      expect.arrayContaining([
        'uq_users_username',
        'uq_users_email',
        'uq_refresh_tokens_token_hash',
        'ix_users_username_trgm',
        'uq_rooms_slug',
        'uq_rooms_direct_key',
        'pk_room_members',
        'uq_invitations_pending',
        'uq_messages_room_seq',
        'uq_messages_sender_client_id',
        'ix_messages_search',
        'uq_reports_open',
      ]),
    );
    const fks = await dataSource.query(
      `SELECT conname, confdeltype FROM pg_constraint WHERE contype = 'f' ORDER BY conname`,
    );
    // c = cascade, n = set null
    expect(fks).toEqual([
      { conname: 'fk_invitations_invited_by', confdeltype: 'c' },
      { conname: 'fk_invitations_invitee', confdeltype: 'c' },
      { conname: 'fk_invitations_room', confdeltype: 'c' },
      { conname: 'fk_messages_reply_to', confdeltype: 'n' },
      { conname: 'fk_messages_room', confdeltype: 'c' },
      { conname: 'fk_messages_sender', confdeltype: 'n' },
      { conname: 'fk_refresh_tokens_session', confdeltype: 'c' },
      { conname: 'fk_room_bans_room', confdeltype: 'c' },
      { conname: 'fk_room_bans_user', confdeltype: 'c' },
      { conname: 'fk_room_members_room', confdeltype: 'c' },
      { conname: 'fk_room_members_user', confdeltype: 'c' },
      { conname: 'fk_rooms_created_by', confdeltype: 'n' },
      { conname: 'fk_slow_mode_marks_room', confdeltype: 'c' },
      { conname: 'fk_slow_mode_marks_user', confdeltype: 'c' },
      { conname: 'fk_user_blocks_blocked', confdeltype: 'c' },
      { conname: 'fk_user_blocks_blocker', confdeltype: 'c' },
      { conname: 'fk_user_sessions_user', confdeltype: 'c' },
    ]);
  });
});
