import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { createTestDatabase } from './support/test-database';

/** The `migration:generate --check` guard: entities and migrations must describe the same schema. */
describe('Schema (e2e)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase({ empty: true });
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
    // fk_organization, on every organization's table, is test/organizations-schema.e2e-spec.ts's.
    const fks = await dataSource.query(
      `SELECT conname, confdeltype FROM pg_constraint WHERE contype = 'f' AND conname <> 'fk_organization' ORDER BY conname`,
    );
    // c = cascade, n = set null, a = no action (an organization, as fk_organization: never deleted under its rows)
    expect(fks).toEqual([
      { conname: 'fk_api_keys_created_by', confdeltype: 'n' },
      { conname: 'fk_compliance_exports_source_organization', confdeltype: 'a' },
      { conname: 'fk_content_rules_room', confdeltype: 'c' },
      { conname: 'fk_external_identities_user', confdeltype: 'c' },
      { conname: 'fk_external_rooms_room', confdeltype: 'c' },
      { conname: 'fk_invitations_invited_by', confdeltype: 'c' },
      { conname: 'fk_invitations_invitee', confdeltype: 'c' },
      { conname: 'fk_invitations_room', confdeltype: 'c' },
      { conname: 'fk_legal_hold_messages_hold', confdeltype: 'c' },
      { conname: 'fk_legal_hold_messages_message', confdeltype: 'c' },
      { conname: 'fk_legal_hold_rooms_hold', confdeltype: 'c' },
      { conname: 'fk_legal_hold_users_hold', confdeltype: 'c' },
      { conname: 'fk_lti_contexts_platform', confdeltype: 'c' },
      { conname: 'fk_lti_contexts_room', confdeltype: 'c' },
      { conname: 'fk_lti_launch_states_platform', confdeltype: 'c' },
      { conname: 'fk_message_mentions_message', confdeltype: 'c' },
      { conname: 'fk_message_mentions_room', confdeltype: 'c' },
      { conname: 'fk_message_mentions_user', confdeltype: 'c' },
      { conname: 'fk_message_reactions_message', confdeltype: 'c' },
      { conname: 'fk_message_reactions_user', confdeltype: 'c' },
      { conname: 'fk_message_revisions_message', confdeltype: 'c' },
      { conname: 'fk_messages_pinned_by', confdeltype: 'n' },
      { conname: 'fk_messages_reply_to', confdeltype: 'n' },
      { conname: 'fk_messages_room', confdeltype: 'c' },
      { conname: 'fk_messages_sender', confdeltype: 'n' },
      { conname: 'fk_messages_thread_root', confdeltype: 'c' },
      { conname: 'fk_notification_devices_user', confdeltype: 'c' },
      { conname: 'fk_notification_room_settings_room', confdeltype: 'c' },
      { conname: 'fk_notification_room_settings_user', confdeltype: 'c' },
      { conname: 'fk_notification_settings_user', confdeltype: 'c' },
      { conname: 'fk_notifications_message', confdeltype: 'c' },
      { conname: 'fk_notifications_room', confdeltype: 'c' },
      { conname: 'fk_notifications_user', confdeltype: 'c' },
      { conname: 'fk_refresh_tokens_session', confdeltype: 'c' },
      { conname: 'fk_room_bans_room', confdeltype: 'c' },
      { conname: 'fk_room_bans_user', confdeltype: 'c' },
      { conname: 'fk_room_members_room', confdeltype: 'c' },
      { conname: 'fk_room_members_user', confdeltype: 'c' },
      { conname: 'fk_rooms_created_by', confdeltype: 'n' },
      { conname: 'fk_scim_groups_api_key', confdeltype: 'n' },
      { conname: 'fk_scim_groups_room', confdeltype: 'c' },
      { conname: 'fk_scim_users_user', confdeltype: 'c' },
      { conname: 'fk_sign_in_handoffs_user', confdeltype: 'c' },
      { conname: 'fk_sign_in_idp_sessions_provider', confdeltype: 'c' },
      { conname: 'fk_sign_in_idp_sessions_session', confdeltype: 'c' },
      { conname: 'fk_sign_in_replays_provider', confdeltype: 'c' },
      { conname: 'fk_sign_in_requests_provider', confdeltype: 'c' },
      { conname: 'fk_slow_mode_marks_room', confdeltype: 'c' },
      { conname: 'fk_slow_mode_marks_user', confdeltype: 'c' },
      { conname: 'fk_uploads_message', confdeltype: 'n' },
      { conname: 'fk_uploads_uploader', confdeltype: 'n' },
      { conname: 'fk_user_blocks_blocked', confdeltype: 'c' },
      { conname: 'fk_user_blocks_blocker', confdeltype: 'c' },
      { conname: 'fk_user_sessions_user', confdeltype: 'c' },
      { conname: 'fk_user_suspensions_user', confdeltype: 'c' },
      { conname: 'fk_webhook_deliveries_endpoint', confdeltype: 'c' },
    ]);
  });

  it('indexes the referencing side of every foreign key to users (deleting a user and the data export read by it)', async () => {
    await dataSource.runMigrations();
    const unindexed: { ref: string }[] = await dataSource.query(
      `SELECT c.conrelid::regclass || '.' || a.attname AS ref
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = 'users'::regclass AND cardinality(c.conkey) = 1
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
        ORDER BY 1`,
    );
    expect(unindexed.map((row) => row.ref)).toEqual([]);
  });

  it('lets every message update its room row and its sender read position in place (HOT): no index holds what a send changes', async () => {
    // A send updates these columns (MessageLog's append statement); an index on any of them makes
    // each update write a new entry into every index of the table and leave a dead row behind.
    const changedBySend = { rooms: ['last_seq', 'message_count', 'last_message_id', 'last_message_at'], room_members: ['last_read_seq'] };
    for (const [table, columns] of Object.entries(changedBySend)) {
      const indexed: { indexname: string; columns: string[] }[] = await dataSource.query(
        `SELECT i.indexrelid::regclass::text AS indexname,
                array(SELECT a.attname::text FROM pg_attribute a
                       WHERE a.attrelid = i.indrelid
                         AND (a.attnum = ANY (i.indkey) OR pg_get_indexdef(i.indexrelid) ~ ('\\m' || a.attname || '\\M'))) AS columns
           FROM pg_index i WHERE i.indrelid = $1::regclass`,
        [table],
      );
      expect(indexed.length).toBeGreaterThan(0);
      for (const index of indexed)
        expect({ index: index.indexname, sendColumns: index.columns.filter((c) => columns.includes(c)) }).toEqual({
          index: index.indexname,
          sendColumns: [],
        });
      const [{ reloptions }] = await dataSource.query(`SELECT reloptions FROM pg_class WHERE oid = $1::regclass`, [table]);
      expect(reloptions).toEqual(['fillfactor=90']);
    }
  });
});
