import { randomUUID } from 'node:crypto';
import type { UserActor, RoomRole } from '../../src/core/policy/permissions';
import { Policy } from '../../src/core/policy/policy';
import { MessageReader, readerParams, seenBy } from '../../src/conversations/messages/store/message-visibility';
import { MediumDatabase, openMediumDatabase } from './support/medium-database';

type Visibility = 'visible' | 'held' | 'shadow';

/**
 * Who sees a message has two homes: the policy's `message.read` (one message by id) and `seenBy` (every read
 * by the page or across rooms, in SQL). Over every reader (sender, member, the room's admin and owner, a global
 * admin outside it, an outsider) and every visibility, both must answer alike.
 */
describe("message visibility: seenBy and the policy's message.read agree", () => {
  let db: MediumDatabase;
  const roomId = randomUUID();
  const readers: { name: string; actor: UserActor; role: RoomRole | null }[] = [
    { name: 'the sender', actor: { id: randomUUID(), role: 'user', userType: 'consumer' }, role: 'member' },
    { name: 'another member', actor: { id: randomUUID(), role: 'user', userType: 'consumer' }, role: 'member' },
    { name: 'a room admin', actor: { id: randomUUID(), role: 'user', userType: 'consumer' }, role: 'admin' },
    { name: 'the room owner', actor: { id: randomUUID(), role: 'user', userType: 'consumer' }, role: 'owner' },
    { name: 'a global admin outside the room', actor: { id: randomUUID(), role: 'admin', userType: 'consumer' }, role: null },
    { name: 'a support agent outside the room', actor: { id: randomUUID(), role: 'user', userType: 'support' }, role: null },
    { name: 'an outsider', actor: { id: randomUUID(), role: 'user', userType: 'consumer' }, role: null },
  ];
  const sender = readers[0].actor;
  const messages: { id: string; visibility: Visibility; senderId: string | null }[] = (['visible', 'held', 'shadow'] as const).flatMap(
    (visibility) => [
      { id: randomUUID(), visibility, senderId: sender.id },
      { id: randomUUID(), visibility, senderId: readers[1].actor.id },
      { id: randomUUID(), visibility, senderId: null },
    ],
  );

  beforeAll(async () => {
    db = await openMediumDatabase();
    const q = (text: string, params: unknown[]) => db.dataSource.query(text, params);
    await q(
      `INSERT INTO users (id, username, email, password_hash, display_name, role, user_type)
       SELECT id, 'v' || right(id::text, 12), 'v' || right(id::text, 12) || '@medium.test', 'not-a-hash', 'v', role, user_type
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, role, user_type)`,
      [readers.map((r) => r.actor.id), readers.map((r) => r.actor.role), readers.map((r) => r.actor.userType)],
    );
    await q(
      `INSERT INTO rooms (id, name, room_type, visibility, created_by, participant_count, last_seq) VALUES ($1, 'v', 'GROUP', 'public', $2, 4, $3)`,
      [roomId, sender.id, messages.length],
    );
    const members = readers.filter((r) => r.role);
    await q(`INSERT INTO room_members (room_id, user_id, role) SELECT $1, * FROM unnest($2::uuid[], $3::text[])`, [
      roomId,
      members.map((r) => r.actor.id),
      members.map((r) => r.role),
    ]);
    await q(
      `INSERT INTO messages (id, room_id, seq, sender_id, content, visibility)
       SELECT id, $1, ord, sender_id, 'hello', visibility FROM unnest($2::uuid[], $3::uuid[], $4::text[]) WITH ORDINALITY AS t(id, sender_id, visibility, ord)`,
      [roomId, messages.map((m) => m.id), messages.map((m) => m.senderId), messages.map((m) => m.visibility)],
    );
  });

  afterAll(() => db?.close());

  it.each(readers.map((r) => [r.name, r] as const))('%s sees the same messages in SQL as the policy says', async (_name, reader) => {
    const rows: { id: string }[] = await db.dataSource.query(`SELECT m.id FROM messages m WHERE m.room_id = $3 AND ${seenBy('m', '$1', '$2')}`, [
      ...readerParams(reader.actor as MessageReader),
      roomId,
    ]);
    const inSql = new Set(rows.map((r) => r.id));
    const room = { roomType: 'GROUP', visibility: 'public' as const, posting: 'everyone' as const, isActive: true, archivedAt: null };
    const membership = reader.role ? { role: reader.role } : null;
    const byPolicy = messages.filter((m) => Policy.can(reader.actor, 'message.read', { room, membership, message: m }));
    expect([...inSql].sort()).toEqual(byPolicy.map((m) => m.id).sort());
    // Every reader sees every visible message; the check is not vacuous.
    expect(byPolicy.length).toBeGreaterThanOrEqual(3);
  });
});
