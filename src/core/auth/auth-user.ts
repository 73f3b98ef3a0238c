/** Global roles: `admin` runs the deployment; everyone else is a `user`. */
export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** Account types: `support` agents may act on reports across rooms. */
export const USER_TYPES = ['consumer', 'support'] as const;
export type UserType = (typeof USER_TYPES)[number];

/** The authenticated caller, the first argument of every service method. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  userType: UserType;
  /** The login (refresh-token family) this access token belongs to. */
  sessionId: string;
  /** The caller's organization (the token's `org`); absent for the synthetic viewers that render for nobody in particular. */
  organizationId?: string;
}
