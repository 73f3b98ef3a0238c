import { DataSource } from 'typeorm';
import { RoomType } from '../../../src/conversations/rooms/store/entities/room.entity';
import { RoomRole } from '../../../src/conversations/rooms/store/entities/room-member.entity';
import { newId } from '../../../src/core/database/uuid';

export type Muted = 'none' | 'past' | 'future';
/** A block between the sender and the room's other member, either way round. */
export type Block = 'none' | 'by_sender' | 'of_sender';
/** Slow mode and the sender's last post: `off_after_post` posted a second ago in a room without slow mode. */
export type Slow = 'off' | 'off_after_post' | 'on_first_post' | 'on_inside' | 'on_outside';

/** One combination of everything the posting rules read. */
export interface PostingCase {
  /** Deactivated rooms refuse new messages (room_inactive) after the posting rules have had their say. */
  active: boolean;
  archived: boolean;
  posting: 'everyone' | 'admins';
  role: RoomRole;
  muted: Muted;
  roomType: RoomType;
  block: Block;
  slow: Slow;
}

/** A case's rows: the sender posts, the peer is the room's other member (the other side of a direct room). */
export interface PostingFixture extends PostingCase {
  roomId: string;
  senderId: string;
  peerId: string;
}

const SLOW_MODE_SECONDS = 60;
/** Seconds from now: far from every boundary, so the test never races the clock. */
const MUTED_AT: Record<Muted, number | null> = { none: null, past: -3600, future: 3600 };
const POSTED_AT: Record<Slow, number | null> = { off: null, off_after_post: -1, on_first_post: null, on_inside: -10, on_outside: -120 };

const product = <T, K extends string, V>(items: T[], key: K, values: V[]) =>
  items.flatMap((item) => values.map((value) => ({ ...item, [key]: value }) as T & Record<K, V>));

export function everyPostingCase(): PostingCase[] {
  let cases: object[] = [{ active: true }];
  cases = product(cases, 'archived', [false, true]);
  cases = product(cases, 'posting', ['everyone', 'admins']);
  cases = product(cases, 'role', ['owner', 'admin', 'member']);
  cases = product(cases, 'muted', ['none', 'past', 'future']);
  cases = product(cases, 'roomType', ['ONE_TO_ONE', 'GROUP', 'COURSE', 'SUPPORT']);
  cases = product(cases, 'block', ['none', 'by_sender', 'of_sender']);
  cases = product(cases, 'slow', ['off', 'off_after_post', 'on_first_post', 'on_inside', 'on_outside']);
  return cases as PostingCase[];
}

/** A deactivated room with each rule that may be told before room_inactive (the others do not meet it). */
export function inactiveRoomCases(): PostingCase[] {
  let cases: object[] = [{ active: false, posting: 'everyone', roomType: 'GROUP', block: 'none' }];
  cases = product(cases, 'archived', [false, true]);
  cases = product(cases, 'role', ['owner', 'admin', 'member']);
  cases = product(cases, 'muted', ['none', 'future']);
  cases = product(cases, 'slow', ['off', 'off_after_post', 'on_first_post', 'on_inside', 'on_outside']);
  return cases as PostingCase[];
}

/**
 * What docs/moderation.md says refuses this send, in the order the client is told
 * (the first one is the refusal's code); empty when the send is allowed.
 */
export function documentedRefusals(c: PostingCase): string[] {
  const codes: string[] = [];
  if (c.archived) codes.push('room_archived');
  if (c.muted === 'future') codes.push('member_muted');
  if (c.posting === 'admins' && c.role === 'member') codes.push('posting_restricted');
  if (c.roomType === 'ONE_TO_ONE' && c.block !== 'none') codes.push('blocked');
  if (c.slow === 'on_inside' && c.role === 'member') codes.push('slow_mode');
  if (!c.active) codes.push('room_inactive');
  return codes;
}

export const describeCase = (c: PostingCase) =>
  `${c.active ? '' : 'inactive '}${c.archived ? 'archived' : 'open'} ${c.posting} ${c.role} muted=${c.muted} ${c.roomType} block=${c.block} slow=${c.slow}`;

/** Writes every case's users, room, memberships, block and slow-mode mark: one statement per table. */
export async function insertPostingFixtures(dataSource: DataSource, cases: PostingCase[]): Promise<PostingFixture[]> {
  const fixtures = cases.map((c) => ({ ...c, roomId: newId(), senderId: newId(), peerId: newId() }));
  // Names from the ids' random tails: unique across calls on one database.
  const users = fixtures.flatMap((f) => [f.senderId, f.peerId].map((id) => [id, `u${id.slice(-12)}`]));
  await dataSource.query(
    `INSERT INTO users (id, username, email, password_hash, display_name)
     SELECT id, name, name || '@medium.test', 'not-a-hash', name FROM unnest($1::uuid[], $2::text[]) AS t(id, name)`,
    [users.map(([id]) => id), users.map(([, name]) => name)],
  );
  await dataSource.query(
    `INSERT INTO rooms (id, name, room_type, visibility, direct_key, posting, slow_mode_seconds, archived_at, created_by, participant_count, is_active)
     SELECT id, 'case ' || ord, room_type, 'private', direct_key, posting, slow, CASE WHEN archived THEN now() - interval '1 day' END, created_by, 2, active
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::uuid[], $8::bool[])
            WITH ORDINALITY AS t(id, room_type, direct_key, posting, slow, archived, created_by, active, ord)`,
    [
      fixtures.map((f) => f.roomId),
      fixtures.map((f) => f.roomType),
      fixtures.map((f) => (f.roomType === 'ONE_TO_ONE' ? [f.senderId, f.peerId].sort().join(':') : null)),
      fixtures.map((f) => f.posting),
      fixtures.map((f) => (f.slow.startsWith('on_') ? SLOW_MODE_SECONDS : 0)),
      fixtures.map((f) => f.archived),
      fixtures.map((f) => f.senderId),
      fixtures.map((f) => f.active),
    ],
  );
  const members = fixtures.flatMap((f) => [
    { roomId: f.roomId, userId: f.senderId, role: f.role, mutedIn: MUTED_AT[f.muted] },
    { roomId: f.roomId, userId: f.peerId, role: 'member', mutedIn: null },
  ]);
  await dataSource.query(
    `INSERT INTO room_members (room_id, user_id, role, muted_until)
     SELECT room_id, user_id, role, now() + make_interval(secs => muted_in)
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[]) AS t(room_id, user_id, role, muted_in)`,
    [members.map((m) => m.roomId), members.map((m) => m.userId), members.map((m) => m.role), members.map((m) => m.mutedIn)],
  );
  const blocks = fixtures.filter((f) => f.block !== 'none').map((f) => (f.block === 'by_sender' ? [f.senderId, f.peerId] : [f.peerId, f.senderId]));
  await dataSource.query(`INSERT INTO user_blocks (blocker_id, blocked_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
    blocks.map(([blocker]) => blocker),
    blocks.map(([, blocked]) => blocked),
  ]);
  const marks = fixtures.filter((f) => POSTED_AT[f.slow] !== null);
  await dataSource.query(
    `INSERT INTO slow_mode_marks (room_id, user_id, posted_at)
     SELECT room_id, user_id, now() + make_interval(secs => posted_in) FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t(room_id, user_id, posted_in)`,
    [marks.map((f) => f.roomId), marks.map((f) => f.senderId), marks.map((f) => POSTED_AT[f.slow])],
  );
  return fixtures;
}
