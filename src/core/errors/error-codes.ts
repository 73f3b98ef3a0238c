/**
 * Every error code a client can see. Adding one without a status in
 * `httpStatusOf` fails to compile (exhaustive switch).
 */
export type ErrorCode =
  | 'not_authenticated'
  | 'token_not_valid'
  | 'invalid_credentials'
  | 'permission_denied'
  | 'room_access_denied'
  | 'banned'
  | 'not_found'
  | 'user_not_found'
  | 'room_not_found'
  | 'message_not_found'
  | 'invitation_not_found'
  | 'upload_not_found'
  | 'username_taken'
  | 'email_taken'
  | 'already_in_room'
  | 'room_full'
  | 'room_inactive'
  | 'cannot_leave'
  | 'invitation_exists'
  | 'attachment_unavailable'
  | 'conflict'
  | 'parse_error'
  | 'invalid'
  | 'payload_too_large'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'executable_not_allowed'
  | 'throttled'
  | 'user_banned'
  | 'too_many_connections'
  | 'service_unavailable'
  | 'server_error'
  | 'room_archived'
  | 'posting_restricted'
  | 'member_muted'
  | 'blocked'
  | 'slow_mode'
  | 'report_exists'
  | 'reaction_limit'
  | 'pin_limit'
  | 'headers_too_large'
  | 'request_timeout'
  | 'unknown_event'
  | 'api_key_not_valid'
  | 'local_auth_disabled'
  | 'account_suspended'
  | 'content_blocked'
  | 'legal_hold'
  | 'range_not_satisfiable'
  | 'precondition_failed';

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'parse_error':
    case 'invalid':
      return 400;
    case 'not_authenticated':
    case 'token_not_valid':
    case 'invalid_credentials':
    case 'api_key_not_valid':
      return 401;
    case 'permission_denied':
    case 'room_access_denied':
    case 'banned':
    case 'posting_restricted':
    case 'member_muted':
    case 'blocked':
    case 'local_auth_disabled':
    case 'account_suspended':
      return 403;
    case 'not_found':
    case 'user_not_found':
    case 'room_not_found':
    case 'message_not_found':
    case 'invitation_not_found':
    case 'upload_not_found':
      return 404;
    case 'method_not_allowed':
      return 405;
    case 'username_taken':
    case 'email_taken':
    case 'already_in_room':
    case 'room_full':
    case 'room_inactive':
    case 'cannot_leave':
    case 'invitation_exists':
    case 'attachment_unavailable':
    case 'conflict':
    case 'user_banned':
    case 'room_archived':
    case 'report_exists':
    case 'reaction_limit':
    case 'pin_limit':
    case 'legal_hold':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'range_not_satisfiable':
      return 416;
    case 'precondition_failed':
      return 412;
    case 'unsupported_media_type':
    case 'executable_not_allowed':
      return 415;
    case 'throttled':
    case 'too_many_connections':
    case 'slow_mode':
      return 429;
    case 'server_error':
      return 500;
    case 'headers_too_large':
      return 431;
    case 'request_timeout':
      return 408;
    case 'unknown_event':
      return 404;
    case 'content_blocked':
      return 422;
    case 'service_unavailable':
      return 503;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped error code ${String(unmapped)}`);
    }
  }
}
