import { User } from '../../../identity/users/store/entities/user.entity';

/** A sender's columns, prefixed u_, for statements that read messages with their senders (users u). */
export const SENDER_COLUMNS = `u.username AS u_username, u.email AS u_email, u.display_name AS u_display_name,
  u.first_name AS u_first_name, u.last_name AS u_last_name, u.user_type AS u_user_type, u.role AS u_role,
  u.last_seen_at AS u_last_seen_at, u.created_at AS u_created_at, u.updated_at AS u_updated_at`;

/** The sender of a row read with SENDER_COLUMNS (null for a system message without one). */
export function senderFromRow(r: Record<string, unknown>, senderId: string | null): User | null {
  if (!senderId || r.u_username === null || r.u_username === undefined) return null;
  return Object.assign(new User(), {
    id: senderId,
    username: r.u_username,
    email: r.u_email,
    displayName: r.u_display_name,
    firstName: r.u_first_name,
    lastName: r.u_last_name,
    userType: r.u_user_type,
    role: r.u_role,
    lastSeenAt: r.u_last_seen_at,
    createdAt: r.u_created_at,
    updatedAt: r.u_updated_at,
  });
}
