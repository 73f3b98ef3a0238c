import type { AuthUser } from '../../core/auth/auth-user';

/** Whom the server API answers as: nobody in particular (no emails, no membership fields). */
export const PLATFORM_VIEWER: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: '',
  displayName: 'The platform',
  role: 'user',
  userType: 'consumer',
  sessionId: '',
};
