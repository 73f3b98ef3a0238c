import { DomainError } from './domain-error';

/**
 * The domain's errors, one factory each: a code from error-codes.ts and the
 * sentence a client shows. Features throw these; the HTTP filter and the socket
 * ack map them once per transport.
 */
export const userNotFound = () => new DomainError('user_not_found', 'User not found.');
export const blockedError = () => new DomainError('blocked', 'You cannot start or continue a conversation with this user.');
export const apiKeyNotValid = () => new DomainError('api_key_not_valid', 'The API key is missing, unknown or revoked.');
export const organizationNotFound = () => new DomainError('not_found', 'Organization not found.');
export const reportNotFound = () => new DomainError('not_found', 'Report not found.');
export const memberNotFound = () => new DomainError('not_found', 'This user is not a member of the room.');
export const userBanned = () => new DomainError('user_banned', 'This user is banned from the room; an owner or admin must unban them first.');
export const bannedError = () => new DomainError('banned', 'You are banned from this room.');
export const roomAccessDenied = () => new DomainError('room_access_denied', 'You do not have access to this room.');
export const roomInactive = () => new DomainError('room_inactive', 'Room is deactivated and cannot receive new messages');
export const roomArchived = () => new DomainError('room_archived', 'This room is archived: it can be read but not changed.');
export const executableNotAllowed = () => new DomainError('executable_not_allowed', 'Executable files are not accepted.');
export const uploadNotFound = () => new DomainError('upload_not_found', 'Upload not found.');
export const payloadTooLarge = (maxBytes: number) => new DomainError('payload_too_large', `File too large: at most ${maxBytes} bytes.`);
export const roomNotFound = () => new DomainError('room_not_found', 'Room not found.');
export const messageNotFound = () => new DomainError('message_not_found', 'Message not found.');
/** A `Range` starting past the end of a download of `size` bytes (416; the edge adds `Content-Range: bytes *\/size`). */
export const rangeNotSatisfiable = (size: number) => new DomainError('range_not_satisfiable', `The range starts past the end (${size} bytes).`);
/** A compliance export whose archive the cleanup removed (COMPLIANCE_EXPORT_TTL). */
export const exportExpired = () => new DomainError('export_expired', 'This export expired: its archive was removed. Ask for a new export.');
/** A legal hold keeps the records this change would remove (docs/compliance.md). */
export const legalHoldApplies = (what: string) => new DomainError('legal_hold', `A legal hold applies to this ${what}; release it first.`);
/** A deployment-wide suspension (docs/compliance.md): sign-in, token renewal and the socket handshake are refused. */
export const accountSuspended = (until: Date | null) =>
  new DomainError('account_suspended', until ? `This account is suspended until ${until.toISOString()}.` : 'This account is suspended.');
/** A conditional write (`If-Match`) named a version the resource no longer has (SCIM, RFC 7644 section 3.14). */
export const preconditionFailed = () =>
  new DomainError('precondition_failed', 'The resource has changed: If-Match does not name its current version.');
/** Browser sign-in (docs/sign-in.md): the organization has no enabled identity provider of this protocol. */
export const signInNotConfigured = (protocol: string) =>
  new DomainError('not_found', `This organization has no ${protocol === 'oidc' ? 'OpenID Connect' : 'SAML'} sign-in configured.`);
/** Browser sign-in: what came back from the identity provider is refused (the detail says why, never which secret). */
export const signInRefused = (why: string) => new DomainError('token_not_valid', `Sign-in refused: ${why}.`);

/** LTI 1.3 (docs/lti.md): a launch, login or id token that does not check out, with what failed. */
export const ltiLaunchNotValid = (why: string) => new DomainError('lti_launch_not_valid', `LTI launch refused: ${why}`);
export const ltiPlatformUnknown = (why = 'no LTI platform is registered with this issuer and client id.') =>
  new DomainError('lti_platform_unknown', `LTI launch refused: ${why}`);
export const ltiDeploymentUnknown = (deploymentId: string) =>
  new DomainError(
    'lti_deployment_unknown',
    `LTI launch refused: the deployment id "${deploymentId.slice(0, 100)}" is not registered for this platform.`,
  );
export const ltiMessageNotSupported = (why: string) => new DomainError('lti_message_not_supported', `LTI launch refused: ${why}`);
export const ltiPlatformFailed = (why: string) => new DomainError('lti_platform_failed', `The LTI platform's answer was not usable: ${why}`);
