import { ErrorCode } from './error-codes';

/**
 * Named unique indexes and the 409 each one means. The single place where a
 * PostgreSQL unique violation (23505) becomes a client error.
 */
export const UNIQUE_VIOLATIONS: Record<string, { code: ErrorCode; detail: string }> = {
  uq_users_username: { code: 'username_taken', detail: 'A user with that username already exists.' },
  uq_users_email: { code: 'email_taken', detail: 'A user with that email already exists.' },
  pk_room_members: { code: 'already_in_room', detail: 'User is already a member of this room.' },
  uq_invitations_pending: { code: 'invitation_exists', detail: 'This user already has a pending invitation to this room.' },
  uq_organizations_slug: { code: 'conflict', detail: 'An organization with that slug already exists.' },
  uq_scim_users_user_name: { code: 'conflict', detail: 'A user with that userName already exists.' },
  uq_organizations_idp_issuer: { code: 'conflict', detail: 'Another organization already signs in with that identity provider (idp_issuer).' },
  uq_reports_open: { code: 'report_exists', detail: 'You already have an open report about this.' },
};

export function uniqueViolationFor(constraint: string | undefined): { code: ErrorCode; detail: string } {
  return (
    (constraint && UNIQUE_VIOLATIONS[constraint]) || {
      code: 'conflict',
      detail: 'The request conflicts with the current state of the resource.',
    }
  );
}
