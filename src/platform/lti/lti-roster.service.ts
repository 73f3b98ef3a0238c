import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RoomRole } from '../../conversations/rooms/store/entities/room-member.entity';
import { ltiPlatformFailed } from '../../core/errors/errors';
import { ExternalUsersService } from '../../identity/auth/external/external-users.service';
import { RosterService } from '../integrations/roster.service';
import { LtiKeys } from './lti-keys.service';
import { roomRoleOf } from './lti-roles';
import { NRPS_SCOPE } from './lti-urls';
import { LtiPlatform } from './store/entities/lti-platform.entity';
import { LtiRepository } from './store/lti.repository';

const MEMBERSHIP_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
/** A roster is read in at most this many pages (a page is often 50..1000 members). */
const MAX_PAGES = 200;
const TIMEOUT_MS = 15_000;

interface NrpsMember {
  user_id?: unknown;
  roles?: unknown;
  status?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  email?: unknown;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** `<https://lms/x?page=2>; rel="next", <...>; rel="last"` -> the next page's URL. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2])) return match[1];
  }
  return undefined;
}

/**
 * Names and Role Provisioning Services 2.0 (docs/lti.md, "Roster sync"): the course's members are
 * read with an access token got by a client-credentials grant whose client assertion Parley signs
 * (`private_key_jwt`, RFC 7523), page after page through `Link: rel="next"`, then applied to the
 * course room through the server API's roster diff in one transaction: members who left the course
 * lose the room. Users are created or matched by the platform's `user_id` (its `sub`).
 */
@Injectable()
export class LtiRosterService {
  private readonly logger = new Logger('LtiRoster');

  constructor(
    private readonly repo: LtiRepository,
    private readonly keys: LtiKeys,
    private readonly users: ExternalUsersService,
    private readonly roster: RosterService,
  ) {}

  /**
   * Syncs one course of the current organization; false when it has no roster service to read, or
   * (`unlessSyncedSince`) was synced since then: a class launching at once pulls its roster once.
   */
  async sync(platformId: string, contextId: string, unlessSyncedSince?: Date): Promise<boolean> {
    const [platform, context] = await Promise.all([this.repo.platform(platformId), this.repo.context(platformId, contextId)]);
    if (!platform?.tokenEndpoint || !context?.membershipsUrl) return false;
    if (unlessSyncedSince && context.syncedAt && context.syncedAt >= unlessSyncedSince) return false;
    const members = await this.read(platform, context.membershipsUrl);
    const wanted = new Map<string, RoomRole>();
    for (const member of members) {
      const sub = text(member.user_id);
      if (!sub || (text(member.status) ?? 'Active') !== 'Active') continue;
      const { user } = await this.users.upsert(platform.issuer, sub.slice(0, 255), {
        displayName: text(member.name),
        firstName: text(member.given_name),
        lastName: text(member.family_name),
        email: text(member.email),
      });
      wanted.set(user.id, roomRoleOf(Array.isArray(member.roles) ? member.roles : []));
    }
    const outcome = await this.roster.apply(context.roomId, () => wanted);
    await this.repo.markSynced(platformId, contextId, new Date());
    this.logger.log({ platformId, contextId, ...outcome }, 'LTI roster synced');
    return true;
  }

  private async read(platform: LtiPlatform, firstPage: string): Promise<NrpsMember[]> {
    const token = await this.accessToken(platform);
    const members: NrpsMember[] = [];
    let url: string | undefined = firstPage;
    for (let page = 0; url && page < MAX_PAGES; page += 1) {
      const res = await fetch(url, {
        headers: { accept: MEMBERSHIP_TYPE, authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      if (!res.ok) throw ltiPlatformFailed(`the roster service answered ${res.status}.`);
      const body = (await res.json().catch(() => null)) as { members?: unknown } | null;
      if (!body || !Array.isArray(body.members)) throw ltiPlatformFailed('the roster service answered without a "members" list.');
      members.push(...(body.members as NrpsMember[]));
      const next = nextLink(res.headers.get('link'));
      url = next ? new URL(next, url).toString() : undefined;
    }
    return members;
  }

  /** An access token for the roster scope (RFC 6749 client credentials, RFC 7523 client assertion signed by our key). */
  private async accessToken(platform: LtiPlatform): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await this.keys.sign({
      iss: platform.clientId,
      sub: platform.clientId,
      aud: platform.tokenEndpoint!,
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
    });
    const res = await fetch(platform.tokenEndpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: NRPS_SCOPE,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
    const body = (await res.json().catch(() => null)) as { access_token?: unknown } | null;
    if (!res.ok || typeof body?.access_token !== 'string')
      throw ltiPlatformFailed(`the token endpoint answered ${res.status} without an access token.`);
    return body.access_token;
  }
}
