import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { FieldValidationError } from '../../core/errors/domain-error';
import { ltiLaunchNotValid, ltiMessageNotSupported, ltiPlatformUnknown } from '../../core/errors/errors';
import { Policy } from '../../core/policy/policy';
import type { UserActor } from '../../core/policy/permissions';
import { LtiDeepLinkChoiceDto } from './dto/lti-launch.dto';
import { LtiClaims } from './lti-id-token.verifier';
import { CLAIM, DEEP_LINKING_RESPONSE, LTI_VERSION } from './lti-constants';
import { courseRoomKey, LtiCourseRooms } from './lti-course-rooms';
import { autoPostPage, escapeHtml, htmlPage, LtiPage } from './lti-html';
import { LtiKeys } from './lti-keys.service';
import { roomRoleOf } from './lti-roles';
import { LtiUrls } from './lti-urls';
import { LtiPlatform } from './store/entities/lti-platform.entity';
import { LtiRepository } from './store/lti.repository';

const SESSION_AUDIENCE = 'parley:lti-deep-linking';
const SESSION_SECONDS = 15 * 60;
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const object = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** What the choice page carries from the deep-linking request to the answer, signed by the organization's key. */
interface Session {
  sub: string;
  pid: string;
  dep: string;
  ret: string;
  data?: string;
  ctx: string;
  title: string;
}

/**
 * Deep Linking 2.0 (docs/lti.md): an instructor's deep-linking request shows a page where they pick
 * one of the platform's course rooms, this course's room or a new room; Parley answers with an
 * `LtiDeepLinkingResponse` JWT signed by the organization's key, auto-posted to `deep_link_return_url`.
 * The link it makes launches into the chosen room (its external id in the link's custom claim).
 */
@Injectable()
export class LtiDeepLinkingService {
  constructor(
    private readonly repo: LtiRepository,
    private readonly keys: LtiKeys,
    private readonly rooms: LtiCourseRooms,
  ) {}

  /** The choice page for a verified deep-linking request. */
  async page(platform: LtiPlatform, claims: LtiClaims, user: UserActor, urls: LtiUrls): Promise<LtiPage> {
    const roles = Array.isArray(claims[CLAIM.roles]) ? (claims[CLAIM.roles] as unknown[]) : [];
    Policy.require(user, 'lti.deep_link', { courseRole: roomRoleOf(roles) });
    const settings = object(claims[CLAIM.deepLinkingSettings]);
    const returnUrl = text(settings.deep_link_return_url);
    if (!returnUrl || !/^https?:\/\//.test(returnUrl)) throw ltiLaunchNotValid('the deep-linking settings have no deep_link_return_url.');
    const accepts = Array.isArray(settings.accept_types) ? settings.accept_types : [];
    if (!accepts.includes('ltiResourceLink')) throw ltiMessageNotSupported('the platform does not accept LTI resource links here.');
    const context = object(claims[CLAIM.context]);
    const contextId = text(context.id) ?? '';
    const title = text(context.title) ?? text(context.label) ?? 'Course';
    const session: Session = {
      sub: user.id,
      pid: platform.id,
      dep: claims[CLAIM.deploymentId] as string,
      ret: returnUrl,
      ...(typeof settings.data === 'string' ? { data: settings.data } : {}),
      ctx: contextId.slice(0, 255),
      title: title.slice(0, 150),
    };
    const now = Math.floor(Date.now() / 1000);
    const token = await this.keys.sign({ ...session, aud: SESSION_AUDIENCE, iat: now, exp: now + SESSION_SECONDS });
    const others = (await this.repo.contextsOf(platform.id)).filter((c) => c.contextId !== contextId);
    const choice = (value: string, label: string, checked = false) =>
      `<label><input type="radio" name="room" value="${escapeHtml(value)}"${checked ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
    return htmlPage(
      'Add Parley',
      `<h1>Add a Parley room</h1><form method="post" action="${escapeHtml(urls.deepLinking)}">` +
        `<input type="hidden" name="session" value="${escapeHtml(token)}">` +
        (contextId ? choice('course', `This course's room (${title})`, true) : '') +
        others.map((c) => choice(courseRoomKey(platform.id, c.contextId), `The room of ${c.title || c.contextId}`)).join('') +
        choice('new', 'A new room named:', !contextId) +
        `<label><input type="text" name="name" maxlength="150" value="${escapeHtml(title)}" aria-label="New room name"></label>` +
        `<button type="submit">Add to the course</button></form>`,
    );
  }

  /** The instructor's choice: the room made or found, and the signed response auto-posted to the platform. */
  async respond(dto: LtiDeepLinkChoiceDto, urls: LtiUrls): Promise<LtiPage> {
    const claims = await this.keys.verifyOwn(dto.session, SESSION_AUDIENCE);
    if (!claims) throw ltiLaunchNotValid('the deep-linking page expired or was altered; start again from the course.');
    const session = claims as unknown as Session;
    const platform = await this.repo.platform(session.pid);
    if (!platform) throw ltiPlatformUnknown();
    let roomId: string;
    let key: string | undefined;
    let name: string;
    if (dto.room === 'course') {
      if (!session.ctx) throw FieldValidationError.of('room', 'This launch has no course.');
      const known = await this.repo.context(platform.id, session.ctx);
      roomId = await this.rooms.courseRoom({
        platformId: platform.id,
        contextId: session.ctx,
        title: known?.title || session.title,
        deploymentId: session.dep,
        membershipsUrl: known?.membershipsUrl ?? null,
      });
      name = known?.title || session.title;
    } else if (dto.room === 'new') {
      name = dto.name?.trim() || session.title;
      ({ roomId, key } = await this.rooms.newRoom(platform.id, name));
    } else {
      roomId = await this.rooms.roomOf(platform.id, dto.room);
      key = dto.room;
      name = (await this.repo.contextsOf(platform.id)).find((c) => c.roomId === roomId)?.title ?? 'Parley';
    }
    await this.rooms.admit(roomId, session.sub, 'admin');
    const now = Math.floor(Date.now() / 1000);
    const item = { type: 'ltiResourceLink', title: name, url: urls.launch, ...(key ? { custom: { parley_room: key } } : {}) };
    const jwt = await this.keys.sign(
      {
        iss: platform.clientId,
        aud: platform.issuer,
        iat: now,
        exp: now + 600,
        nonce: randomBytes(16).toString('base64url'),
        [CLAIM.deploymentId]: session.dep,
        [CLAIM.messageType]: DEEP_LINKING_RESPONSE,
        [CLAIM.version]: LTI_VERSION,
        [CLAIM.contentItems]: [item],
        ...(session.data !== undefined ? { [CLAIM.data]: session.data } : {}),
      },
      'JWT',
    );
    return autoPostPage('Adding Parley to the course…', session.ret, { JWT: jwt });
  }
}
