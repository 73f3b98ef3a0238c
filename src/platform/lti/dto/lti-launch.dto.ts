import { FieldValidationError } from '../../../core/errors/domain-error';

/**
 * What the platform sends to the login URL (IMS Security Framework 5.1.1.1), as a query (GET) or a
 * form (POST). Platforms add parameters of their own (Canvas: `canvas_region`, `lti_storage_target`),
 * so unknown ones are ignored rather than refused.
 */
export interface LtiLoginDto {
  iss: string;
  login_hint: string;
  target_link_uri: string;
  lti_message_hint?: string;
  client_id?: string;
  lti_deployment_id?: string;
}

/** The platform's form post to the launch URL (OIDC `form_post`): the id token and our state, or an error. */
export interface LtiLaunchDto {
  id_token?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/** The instructor's choice on the deep-linking page. */
export interface LtiDeepLinkChoiceDto {
  session: string;
  room: string;
  name?: string;
}

type Source = Record<string, unknown> | undefined;

function field(source: Source, name: string, max: number, required: true): string;
function field(source: Source, name: string, max: number, required?: false): string | undefined;
function field(source: Source, name: string, max: number, required = false): string | undefined {
  const value = source?.[name];
  if (value === undefined || value === '') {
    if (required) throw FieldValidationError.of(name, 'This field is required.');
    return undefined;
  }
  if (typeof value !== 'string') throw FieldValidationError.of(name, 'Not a valid string.');
  if (value.length > max) throw FieldValidationError.of(name, `Ensure this field has no more than ${max} characters.`);
  return value;
}

export function loginParams(source: Source): LtiLoginDto {
  return {
    iss: field(source, 'iss', 255, true),
    login_hint: field(source, 'login_hint', 2048, true),
    target_link_uri: field(source, 'target_link_uri', 2048, true),
    lti_message_hint: field(source, 'lti_message_hint', 4096),
    client_id: field(source, 'client_id', 255),
    lti_deployment_id: field(source, 'lti_deployment_id', 255),
  };
}

export function launchParams(source: Source): LtiLaunchDto {
  return {
    id_token: field(source, 'id_token', 64 * 1024),
    state: field(source, 'state', 255),
    error: field(source, 'error', 255),
    error_description: field(source, 'error_description', 2048),
  };
}

export function deepLinkChoiceParams(source: Source): LtiDeepLinkChoiceDto {
  return {
    session: field(source, 'session', 16 * 1024, true),
    room: field(source, 'room', 300, true),
    name: field(source, 'name', 150),
  };
}

/** The query the platform opens the dynamic registration URL with (IMS LTI Dynamic Registration 1.0, 3.3). */
export interface LtiRegistrationDto {
  openid_configuration: string;
  registration_token?: string;
  invite: string;
}

export function registrationParams(source: Source): LtiRegistrationDto {
  return {
    openid_configuration: field(source, 'openid_configuration', 2048, true),
    registration_token: field(source, 'registration_token', 16 * 1024),
    invite: field(source, 'invite', 4096, true),
  };
}
