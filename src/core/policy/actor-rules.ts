import { permissionDenied } from '../errors/domain-error';
import { organizationNotFound, reportNotFound } from '../errors/errors';
import type { OrganizationActor, UserActor } from './permissions';
import { DEFAULT_ORGANIZATION_ID, OrganizationChecks } from '../database/organization-scope';
import type { Rules } from './rule';

export type ActorPermission =
  | 'api_keys.manage'
  | 'webhooks.manage'
  | 'lti.manage'
  | 'lti.deep_link'
  | 'notifications.manage'
  | 'audit.read'
  | 'reports.moderate_all'
  | 'limits.exempt'
  | 'rooms.list_support'
  | 'rooms.create_public'
  | 'users.set_type'
  | 'users.suspend'
  | 'content_rules.manage'
  | 'compliance.manage'
  | 'users.delete'
  | 'users.export'
  | 'users.see_email'
  | 'server_api.call'
  | 'organizations.operate'
  | 'organizations.manage';

/** The deployment's administrators (global role `admin`). */
export const isGlobalAdmin = (actor: Pick<UserActor, 'role'>): boolean => actor.role === 'admin';
/** The deployment's operators: the global admins of the default organization (docs/organizations.md). */
export const isOperator = (actor: Pick<OrganizationActor, 'role' | 'organizationId'>): boolean =>
  isGlobalAdmin(actor) && (actor.organizationId ?? DEFAULT_ORGANIZATION_ID) === DEFAULT_ORGANIZATION_ID;
/** Support agents (account type `support`): they see and read SUPPORT rooms. */
export const isSupportAgent = (actor: Pick<UserActor, 'userType'>): boolean => actor.userType === 'support';

const adminOnly = (detail: string) => (actor: UserActor) => (isGlobalAdmin(actor) ? null : permissionDenied(detail));
const selfOrAdmin = (detail?: string) => (actor: Pick<UserActor, 'id' | 'role'>, target: { userId: string }) =>
  actor.id === target.userId || isGlobalAdmin(actor) ? null : permissionDenied(detail);

/** The decisions made on the actor alone: global admins, support agents, API-key scopes. */
export const ACTOR_RULES: Rules<ActorPermission> = {
  'api_keys.manage': adminOnly('Only global administrators may do this.'),
  'webhooks.manage': adminOnly('Only global administrators may do this.'),
  'lti.manage': adminOnly('Only global administrators may do this.'),
  'lti.deep_link': (_actor, { courseRole }) =>
    courseRole === 'member' ? permissionDenied("Only the course's instructors may add Parley to it.") : null,
  'notifications.manage': adminOnly('Only global administrators may do this.'),
  'audit.read': adminOnly('Only global admins may read the audit log.'),
  // Whoever may not moderate a report learns nothing of it.
  'reports.moderate_all': (actor) => (isGlobalAdmin(actor) ? null : reportNotFound()),
  // Operators and the platform's server API are not rate-limited (docs/limits-abuse.md).
  'limits.exempt': (actor) => (isGlobalAdmin(actor) ? null : permissionDenied()),
  'rooms.list_support': (actor) => (isSupportAgent(actor) ? null : permissionDenied()),
  'rooms.create_public': (actor, { adminOnly }) =>
    !adminOnly || isGlobalAdmin(actor) ? null : permissionDenied('Only administrators may create public rooms.'),
  'users.set_type': adminOnly("Only an administrator may change a user's type."),
  'users.suspend': adminOnly('Only global administrators may suspend or reinstate a user.'),
  'content_rules.manage': adminOnly("Only global administrators may manage the deployment's content rules."),
  'compliance.manage': adminOnly('Only global administrators may manage legal holds and compliance exports.'),
  'users.delete': selfOrAdmin('Only the user themself or an admin may delete this user.'),
  'users.export': selfOrAdmin('Only global admins may export another user.'),
  'users.see_email': selfOrAdmin(),
  'organizations.operate': (actor) =>
    isOperator(actor) || (!OrganizationChecks.on && isGlobalAdmin(actor)) ? null : permissionDenied('Only the deployment’s operators may do this.'),
  // Another organization is not found, as for an outsider; one's own needs its admin.
  'organizations.manage': (actor, { organizationId }) =>
    isOperator(actor) || (isGlobalAdmin(actor) && (actor.organizationId === organizationId || !OrganizationChecks.on))
      ? null
      : actor.organizationId === organizationId
        ? permissionDenied('Only the organization’s administrators may do this.')
        : organizationNotFound(),
  'server_api.call': (key, { scope }) => (key.scopes.includes(scope) ? null : permissionDenied(`This API key lacks the "${scope}" scope.`)),
};
