import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '../../core/database/transaction';
import { OrganizationScope } from '../../core/database/organization-scope';
import { tokenNotValid } from '../../core/errors/domain-error';
import { AuthService, ClientInfo } from '../auth/auth.service';
import { AuthResponse } from '../auth/dto/auth.response';
import type { IdpSessionLink } from './store/entities/sign-in-handoff.entity';
import { SignInHandoffsRepository } from './store/sign-in-handoffs.repository';
import { IdpSessionsRepository } from './store/idp-sessions.repository';

/** How long a handoff code works: the browser exchanges it as soon as the web app loads. */
export const HANDOFF_TTL_SECONDS = 60;

/**
 * Sign-in handoff (docs/sign-in.md): a way of signing in that ends outside the web app (an
 * identity provider's callback, an LTI launch) issues a one-time code for the user it identified
 * and redirects the browser to the web app with `#handoff=<code>`; the web app exchanges it at
 * POST /auth/handoff for the usual token pair of a new login. The code is 32 random bytes
 * (base64url), stored only as its SHA-256, works once and for 60 seconds. A fragment never
 * reaches a server's logs or a Referer, and the tokens are bearer tokens, so no cookie (third-party
 * or not) is involved: the web app works inside an LMS iframe.
 */
@Injectable()
export class SignInHandoff {
  constructor(
    private readonly handoffs: SignInHandoffsRepository,
    private readonly idpSessions: IdpSessionsRepository,
    private readonly auth: AuthService,
  ) {}

  /** A one-time code that signs `user` in (in the user's organization) when the browser exchanges it. */
  async issue(user: { id: string; organizationId: string }, client?: ClientInfo, idpSession?: IdpSessionLink): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await OrganizationScope.run(user.organizationId, () =>
      this.handoffs.insert({
        codeHash: hashCode(code),
        userId: user.id,
        idpSession: idpSession ?? null,
        userAgent: client?.userAgent?.slice(0, 255) ?? null,
        ip: client?.ip?.slice(0, 64) ?? null,
        expiresAt: new Date(Date.now() + HANDOFF_TTL_SECONDS * 1000),
      }),
    );
    return code;
  }

  /** Spends a code for a new login. Unknown, spent or expired: 401 `token_not_valid`. */
  async exchange(code: string, client: ClientInfo): Promise<AuthResponse> {
    const handoff = await OrganizationScope.runAsSystem(() => this.handoffs.take(hashCode(code)));
    if (!handoff || handoff.expiresAt.getTime() <= Date.now()) throw tokenNotValid();
    const { organizationId, idpSession } = handoff;
    // A login from an identity provider remembers the provider's session (back-channel and RP-initiated logout).
    const within = idpSession ? (manager: Tx, sessionId: string) => this.idpSessions.link(manager, sessionId, idpSession) : undefined;
    OrganizationScope.enter(organizationId);
    return OrganizationScope.run(organizationId, () =>
      this.auth.startSessionFor(
        handoff.userId,
        { userAgent: client.userAgent ?? handoff.userAgent ?? undefined, ip: client.ip ?? handoff.ip ?? undefined },
        within,
      ),
    );
  }
}

function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
