import type { AuthUser } from '../auth/auth-user';

/**
 * Nobody in particular: the viewer every consumer of an event renders its
 * payload for (socket broadcasts, webhooks). Not a member of any room and not
 * an admin, so a room shows `my_role: null`, no unread counts, and no user
 * shows an e-mail address.
 */
export const NEUTRAL_VIEWER: AuthUser = Object.freeze({
  id: '00000000-0000-0000-0000-000000000000',
  username: '',
  displayName: '',
  role: 'user',
  userType: 'consumer',
  sessionId: '',
});
