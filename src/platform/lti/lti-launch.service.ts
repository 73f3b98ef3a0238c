import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { FieldValidationError } from '../../core/errors/domain-error';
import { OrganizationScope } from '../../core/database/organization-scope';
import type { UserActor } from '../../core/policy/permissions';
import { ltiDeploymentUnknown, ltiLaunchNotValid, ltiPlatformUnknown } from '../../core/errors/errors';
import { ExternalUsersService } from '../../identity/auth/external/external-users.service';
import type { ClientInfo } from '../../identity/auth/auth.service';
import { SignInHandoff } from '../../identity/sign-in/sign-in-handoff.service';
import { LtiCourseRooms } from './lti-course-rooms';
import { LtiLaunchDto, LtiLoginDto } from './dto/lti-launch.dto';
import { LtiClaims, LtiIdTokenVerifier } from './lti-id-token.verifier';
import { CLAIM, DEEP_LINKING_REQUEST, RESOURCE_LINK_REQUEST, STATE_TTL_SECONDS } from './lti-constants';
import { isInstitutionAdmin, roomRoleOf } from './lti-roles';
import { LtiRosterService } from './lti-roster.service';
import { LtiUrls } from './lti-urls';
import { LtiPlatform } from './store/entities/lti-platform.entity';
import { LtiRepository } from './store/lti.repository';
import { LtiDeepLinkingService } from './lti-deep-linking.service';
import type { LtiPage } from './lti-html';

/** A launch pulls the course's roster when it was not pulled within this long (the schedule does the rest). */
const LAUNCH_SYNC_AFTER_MS = 5 * 60 * 1000;
const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const object = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** What ends a launch: a page to show (deep linking) or the web app to open with a sign-in handoff. */
export type LaunchOutcome = { kind: 'redirect'; location: string } | { kind: 'page'; page: LtiPage };

/**
 * LTI 1.3 launches (docs/lti.md): third-party initiated login (OIDC, IMS Security Framework 5.1.1),
 * then the platform posts an id token to the launch URL. A resource-link launch signs the user in
 * (created or matched by the platform's `sub`), opens the course room (made on first launch from
 * the context), syncs the roster when the platform offers NRPS, and hands off to the web app.
 */
@Injectable()
export class LtiLaunchService {
  private readonly logger = new Logger('LtiLaunch');

  constructor(
    private readonly repo: LtiRepository,
    private readonly verifier: LtiIdTokenVerifier,
    private readonly users: ExternalUsersService,
    private readonly rooms: LtiCourseRooms,
    private readonly nrps: LtiRosterService,
    private readonly handoff: SignInHandoff,
    private readonly deepLinking: LtiDeepLinkingService,
  ) {}

  /** Login initiation: holds a fresh state and nonce, and answers the platform's authorization URL. */
  async login(dto: LtiLoginDto, urls: LtiUrls): Promise<string> {
    const platform = await this.platformOf(dto.iss, dto.client_id);
    if (dto.lti_deployment_id !== undefined && !platform.deploymentIds.includes(dto.lti_deployment_id)) {
      throw ltiDeploymentUnknown(dto.lti_deployment_id);
    }
    const state = randomBytes(32).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    await this.repo.insertState({
      stateHash: hashOf(state),
      platformId: platform.id,
      nonce,
      expiresAt: new Date(Date.now() + STATE_TTL_SECONDS * 1000),
    });
    // Now and then (the roster worker does it too): only abandoned logins leave rows behind.
    if (Math.random() < 0.05) void this.repo.purgeStates(new Date()).catch(() => undefined);
    const target = new URL(platform.authorizationEndpoint);
    const params: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: urls.launch,
      login_hint: dto.login_hint,
      state,
      nonce,
    };
    if (dto.lti_message_hint !== undefined) params.lti_message_hint = dto.lti_message_hint;
    for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
    return target.toString();
  }

  /** The platform's form post: the state taken once, the id token checked, then the message handled. */
  async launch(dto: LtiLaunchDto, urls: LtiUrls, client: ClientInfo): Promise<LaunchOutcome> {
    if (dto.error !== undefined) {
      throw ltiLaunchNotValid(
        `the platform answered "${dto.error.slice(0, 60)}"${dto.error_description ? `: ${dto.error_description.slice(0, 200)}` : '.'}`,
      );
    }
    if (!dto.state || !dto.id_token) throw FieldValidationError.of(dto.state ? 'id_token' : 'state', 'This field is required.');
    const held = await this.repo.takeState(hashOf(dto.state));
    if (!held) throw ltiLaunchNotValid('the state is unknown or was already used (start the launch again from the course).');
    if (held.expiresAt.getTime() <= Date.now()) throw ltiLaunchNotValid('the login took too long (start the launch again from the course).');
    const platform = await this.repo.platform(held.platformId);
    if (!platform) throw ltiPlatformUnknown();
    const claims = await this.verifier.verify(platform, dto.id_token, held.nonce, [RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST]);
    if (claims[CLAIM.messageType] === DEEP_LINKING_REQUEST) {
      const user = await this.userOf(platform, claims);
      return { kind: 'page', page: await this.deepLinking.page(platform, claims, user, urls) };
    }
    return this.resourceLink(platform, claims, client);
  }

  private async resourceLink(platform: LtiPlatform, claims: LtiClaims, client: ClientInfo): Promise<LaunchOutcome> {
    const roles = Array.isArray(claims[CLAIM.roles]) ? (claims[CLAIM.roles] as unknown[]) : [];
    const link = object(claims[CLAIM.resourceLink]);
    const linkId = text(link.id);
    if (!linkId) throw ltiLaunchNotValid('the resource link claim has no id.');
    const user = await this.userOf(platform, claims);
    const context = object(claims[CLAIM.context]);
    const contextId = text(context.id)?.slice(0, 255) ?? `link:${linkId.slice(0, 200)}`;
    const title = text(context.title) ?? text(context.label) ?? text(link.title) ?? 'Course';
    const deploymentId = claims[CLAIM.deploymentId] as string;
    const nrps = object(claims[CLAIM.nrps]);
    const membershipsUrl = text(nrps.context_memberships_url)?.slice(0, 2048) ?? null;

    // A room a deep link chose (its external id in the link's custom claim, put there by Parley's deep-linking response).
    const chosen = text(object(claims[CLAIM.custom]).parley_room);
    const roomId = chosen
      ? await this.rooms.roomOf(platform.id, chosen)
      : await this.rooms.courseRoom({ platformId: platform.id, contextId, title, deploymentId, membershipsUrl });
    if (!chosen && membershipsUrl && platform.tokenEndpoint) {
      // The roster first (it may remove who left), then the launching user, whatever the roster said.
      await this.nrps
        .sync(platform.id, contextId, new Date(Date.now() - LAUNCH_SYNC_AFTER_MS))
        .catch((error: unknown) => this.logger.warn({ err: error, platformId: platform.id }, 'LTI roster sync at launch failed'));
    }
    await this.rooms.admit(roomId, user.id, roomRoleOf(roles));
    const code = await this.handoff.issue({ id: user.id, organizationId: user.organizationId }, client);
    return { kind: 'redirect', location: `/rooms/${roomId}#handoff=${encodeURIComponent(code)}` };
  }

  /** The launching user, created or matched by the platform's `sub`; the institution's Administrator role makes an organization admin. */
  private async userOf(platform: LtiPlatform, claims: LtiClaims): Promise<UserActor & { organizationId: string }> {
    const roles = Array.isArray(claims[CLAIM.roles]) ? (claims[CLAIM.roles] as unknown[]) : [];
    const { user } = await this.users.upsert(platform.issuer, claims.sub.slice(0, 255), {
      username: text(claims.preferred_username) ?? text(claims.email)?.split('@')[0],
      displayName: text(claims.name),
      firstName: text(claims.given_name),
      lastName: text(claims.family_name),
      email: text(claims.email),
      roleClaim: { role: isInstitutionAdmin(roles) ? 'admin' : 'user', issuedAt: claims.iat! },
    });
    return { id: user.id, role: user.role, userType: user.userType, organizationId: OrganizationScope.organizationId()! };
  }

  private async platformOf(issuer: string, clientId: string | undefined): Promise<LtiPlatform> {
    const platforms = await this.repo.platformsOf(issuer, clientId);
    if (platforms.length === 0) throw ltiPlatformUnknown();
    if (platforms.length > 1) throw ltiPlatformUnknown('several registrations share this issuer: the platform must send client_id.');
    return platforms[0];
  }
}
