import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEBHOOK_EVENTS } from '../../src/core/events/event-map';
import { MediumDatabase, openMediumDatabase } from './support/medium-database';

/**
 * Webhook outbox rows are written inside the change's transaction in SQL: by the
 * send statement (message.created) and by thin triggers that record the subject of
 * member, room, invitation and message-change events. Those SQL texts name event
 * types as strings; the event map (src/core/events/event-map.ts) is their one
 * source. This holds the database's functions as migrated, and the send
 * statement, to it: every name they write is a webhook event of the map, and every
 * webhook event of the map is written by one of them.
 */
describe('webhook event names in SQL are the event map’s', () => {
  let db: MediumDatabase;
  beforeAll(async () => {
    db = await openMediumDatabase();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  /** 'room.created'-like literals in a SQL text; Parley's own settings (`current_setting('parley.…')`) are not events. */
  const eventNames = (sql: string) =>
    new Set([...sql.matchAll(/'([a-z]+\.[a-z_]+)'/g)].map((m) => m[1]).filter((name) => !name.startsWith('parley.')));

  it('writes only the map’s webhook event types, and every one of them', async () => {
    const functions = (await db.dataSource.query(
      `SELECT p.proname AS name, p.prosrc AS body FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.proname LIKE 'webhook%'`,
    )) as { name: string; body: string }[];
    const sendStatement = readFileSync(join(process.cwd(), 'src/conversations/messages/store/message-log.ts'), 'utf8');
    const written = new Map<string, string[]>();
    const note = (where: string, sql: string) => {
      for (const name of eventNames(sql)) written.set(name, [...(written.get(name) ?? []), where]);
    };
    for (const fn of functions) note(`function ${fn.name}`, fn.body);
    note('the send statement', sendStatement.slice(sendStatement.indexOf('INSERT INTO webhook_deliveries')));

    const unknown = [...written.keys()].filter((name) => !(WEBHOOK_EVENTS as readonly string[]).includes(name));
    expect(unknown.map((name) => `${name} (${written.get(name)!.join(', ')})`)).toEqual([]);
    expect([...WEBHOOK_EVENTS].filter((name) => !written.has(name))).toEqual([]);
  });
});
