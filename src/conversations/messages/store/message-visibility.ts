import type { AuthUser } from '../../../core/auth/auth-user';
import { isGlobalAdmin } from '../../../core/policy/actor-rules';

/** Who reads: a signed-in user (the views' viewer). */
export type MessageReader = Pick<AuthUser, 'id' | 'role'>;

/**
 * Who sees a message, spelled once for every read in SQL (history, threads, sync, permalinks, search,
 * mentions, unread counts): a `visible` message every reader of the room; a `held` or `shadow` one only
 * its sender and the room's reviewers, its owners and admins and global admins. This is the policy's
 * `message.read` (src/core/policy/room-rules.ts) for rows a query reads by the page or across rooms.
 * `m` is the messages alias; `reader` and `admin` the placeholders of `readerParams`' two values.
 * A visible row is decided by its first term; only a hidden one looks up the reader's role in its room
 * (pk_room_members).
 */
export const seenBy = (m: string, reader: string, admin: string): string =>
  `(${m}.visibility = 'visible' OR ${m}.sender_id = ${reader}::uuid OR ${admin}::bool
    OR EXISTS (SELECT 1 FROM room_members rv WHERE rv.room_id = ${m}.room_id AND rv.user_id = ${reader}::uuid AND rv.role IN ('owner', 'admin')))`;

/** The two values `seenBy`'s placeholders take: the reader's id, and whether they are a global admin. */
export const readerParams = (reader: MessageReader): [string, boolean] => [reader.id, isGlobalAdmin(reader)];
