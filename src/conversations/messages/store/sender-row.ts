import type { User } from '../../../identity/users/store/entities/user.entity';
import { USER_ROW_COLUMNS, userFromRow } from '../../../identity/users/store/user-row';

/** A sender's columns, prefixed u_, for statements that read messages with their senders (users u). */
export const SENDER_COLUMNS = USER_ROW_COLUMNS;

/** The sender of a row read with SENDER_COLUMNS (null for a system message without one). */
export function senderFromRow(r: Record<string, unknown>, senderId: string | null): User | null {
  if (!senderId || r.u_username === null || r.u_username === undefined) return null;
  return userFromRow(r, senderId);
}
