import { User } from './entities/user.entity';

/**
 * What a user is rendered with (toUserResponse), as columns prefixed u_ for statements that
 * read other rows with their users (aliased u): messages with their senders, members with theirs.
 */
export const USER_ROW_COLUMNS = `u.username AS u_username, u.email AS u_email, u.display_name AS u_display_name,
  u.first_name AS u_first_name, u.last_name AS u_last_name, u.user_type AS u_user_type, u.role AS u_role,
  u.last_seen_at AS u_last_seen_at, u.created_at AS u_created_at, u.updated_at AS u_updated_at`;

/** The user of a row read with USER_ROW_COLUMNS. */
export function userFromRow(r: Record<string, unknown>, id: string): User {
  return Object.assign(new User(), {
    id,
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
