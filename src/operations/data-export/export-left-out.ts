/**
 * User columns whose rows a user's export deliberately leaves out, each with
 * the reason. Every foreign key to `users` must be either covered by an
 * export section or listed here; the columns that name a user without a
 * foreign key (kept so records survive the user's deletion) are listed too,
 * so the whole decision reads in one place. docs/moderation.md repeats it.
 */
export interface LeftOutColumn {
  /** `table.column` */
  column: string;
  reason: string;
}

export const EXPORT_LEFT_OUT: readonly LeftOutColumn[] = [
  {
    column: 'sign_in_handoffs.user_id',
    reason: 'A one-time sign-in code lives 60 seconds and is deleted when used; the login it starts is in `sessions`.',
  },
  {
    column: 'user_blocks.blocked_id',
    reason: "Blocks other users placed on this user are the blockers' data; Parley never tells a user who blocked them.",
  },
  {
    column: 'slow_mode_marks.user_id',
    reason: "Rate-limit state: the time of the user's last post in each slow-mode room, a copy of what `messages` holds.",
  },
  {
    column: 'reports.target_user_id',
    reason: "Reports filed against the user are the reporters' data and would name them.",
  },
  {
    column: 'reports.resolved_by',
    reason: "A moderator's handling of other users' reports is part of the moderation record, not the moderator's own data.",
  },
  {
    column: 'room_bans.banned_by',
    reason: "Bans the user placed on others are the banned users' data; the user's own bans are in `room_bans`, without the moderator's id.",
  },
  {
    column: 'audit_log.actor_id',
    reason: "The audit log is the operators' immutable record of admin and moderation acts (read through GET /admin/audit), not self-service data.",
  },
  {
    column: 'audit_log.target_id',
    reason:
      "Audit entries about the user (a target of any type) name the moderators who acted; what they did shows in the user's own sections (room_bans, memberships).",
  },
];
