import type { UserRole, UserType } from '../../identity/users/store/entities/user.entity';

/** The authenticated caller, the first argument of every service method. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  userType: UserType;
  /** The login (refresh-token family) this access token belongs to. */
  sessionId: string;
}
