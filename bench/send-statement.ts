// The send statement's cost with and without the notification plan it queues (migration
// NotificationPlans), measured inside PostgreSQL's reach rather than through sockets, so a busy
// shared machine moves both variants alike: rounds alternate the two, each one message per
// statement as the send path writes them. Then the planner's cost for the rows the sends queued
// (rooms of 10, nobody with a device: what the send scenario leaves behind).
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx ts-node --transpile-only bench/send-statement.ts
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../src/core/config/app-config.service';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { PreparedStatements } from '../src/core/database/prepared-statements';
import { Measurements } from '../src/core/metrics/measurements';
import { runMigrationsLocked } from '../src/core/database/run-migrations';
import { MessageLog } from '../src/conversations/messages/store/message-log';
import { InMemoryPresenceStore } from '../src/identity/presence/in-memory-presence.store';
import { NotificationPlanner } from '../src/platform/notifications/notification-planner';
import { NotificationOutboxRepository } from '../src/platform/notifications/store/notification-outbox.repository';

const ROUNDS = Number(process.env.ROUNDS ?? 6);
const PER_ROUND = Number(process.env.PER_ROUND ?? 1000);

async function main() {
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_send_statement_${randomBytes(4).toString('hex')}`;
  const adminClient = new Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const dataSource = await new DataSource(dataSourceOptions(url.toString(), 4)).initialize();
  try {
    await runMigrationsLocked(dataSource);
    const users: string[] = (
      await dataSource.query(
        `INSERT INTO users (id, username, email, password_hash, display_name)
         SELECT gen_random_uuid(), 'u' || i, 'u' || i || '@x', 'x', 'u' || i FROM generate_series(1, 1000) i RETURNING id`,
      )
    ).map((r: { id: string }) => r.id);
    const rooms: string[] = (
      await dataSource.query(
        `INSERT INTO rooms (id, name, room_type, visibility, created_by) SELECT gen_random_uuid(), 'r' || i, 'GROUP', 'private', NULL
           FROM generate_series(1, 100) i RETURNING id`,
      )
    ).map((r: { id: string }) => r.id);
    await dataSource.query(`INSERT INTO room_members (room_id, user_id, role) SELECT r, u, 'member' FROM unnest($1::uuid[], $2::uuid[]) t(r, u)`, [
      users.map((_, i) => rooms[Math.floor(i / 10)]),
      users,
    ]);
    await dataSource.query('VACUUM ANALYZE');
    const config = { get: (key: string) => ({ MENTION_ROOM_ROLES: ['owner', 'admin'] })[key] } as unknown as AppConfig;
    const prepared = new PreparedStatements(dataSource, new Measurements());
    const withoutPlan = {
      rows: (sql: string, values: unknown[], options?: { genericPlan?: boolean }) =>
        prepared.rows(sql.replace(/planned AS \(\n[\s\S]*?\n\),\n/, ''), values, options),
    } as unknown as PreparedStatements;
    const logs = { with: new MessageLog(prepared, config), without: new MessageLog(withoutPlan, config) };
    const times: Record<'with' | 'without', number[]> = { with: [], without: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of round % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
        for (let k = 0; k < PER_ROUND; k += 1) {
          const i = (k * 7 + round) % users.length;
          const started = performance.now();
          await logs[variant].appendBatch([
            { roomId: rooms[Math.floor(i / 10)], senderId: users[i], type: 'text', content: `m${k}`, memberOnly: true },
          ]);
          times[variant].push(performance.now() - started);
        }
      }
    }
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3);
      return `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)} ms, p50 ${at(0.5)}, p99 ${at(0.99)} (n=${xs.length})`;
    };
    console.log(`send statement with the plan:    ${stats(times.with)}`);
    console.log(`send statement without the plan: ${stats(times.without)}`);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM notification_plans`);
    const planner = new NotificationPlanner(new NotificationOutboxRepository(dataSource), new InMemoryPresenceStore(), {
      get: (key: string) => ({ SMTP_URL: '', NOTIFICATION_IDLE_AFTER: 600, NOTIFICATION_PUSH_DELAY_MS: 3000, NOTIFICATION_EMAIL_DELAY: 900 })[key],
    } as unknown as AppConfig);
    const started = performance.now();
    while ((await planner.drainOnce()) > 0);
    const ms = performance.now() - started;
    console.log(`planner: ${n} queued messages (rooms of 10, no devices) planned in ${ms.toFixed(0)} ms: ${((ms / n) * 1000).toFixed(0)} us each`);
  } finally {
    await dataSource.destroy();
    await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient.end();
  }
}

void main();
