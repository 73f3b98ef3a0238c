import { Injectable } from '@nestjs/common';
import type { Tx } from '../../core/database/transaction';
import { DomainError, FieldValidationError, tokenNotValid } from '../../core/errors/domain-error';
import { SessionsRevokedEvent } from '../../core/events/domain-events';
import { User } from '../users/store/entities/user.entity';
import { UsersRepository } from '../users/store/users.repository';
import { UsersService } from '../users/users.service';
import { AuthUser } from '../../core/auth/auth-user';
import { AuthResponse } from './dto/auth.response';
import { RefreshToken } from './store/entities/refresh-token.entity';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher.service';
import { SessionsRepository } from './store/sessions.repository';
import { TokenService } from './token.service';
import { SuspensionsService } from './suspensions.service';
import { AppConfig } from '../../core/config/app-config.service';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../core/database/organization-scope';
import { OrganizationsRepository } from '../../core/organizations/store/organizations.repository';

export interface ClientInfo {
  userAgent?: string;
  ip?: string;
}

const localAuthDisabled = () => new DomainError('local_auth_disabled', 'Parley sign-in is turned off here; sign in through your platform.');
const invalidCredentials = () => new DomainError('invalid_credentials', 'No active account found with the given credentials.');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly sessions: SessionsRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
    private readonly suspensions: SuspensionsService,
    private readonly organizations: OrganizationsRepository,
  ) {}

  async register(dto: RegisterDto, client: ClientInfo): Promise<AuthResponse> {
    this.requireLocalAuth();
    const unknown = () => FieldValidationError.of('organization', 'No organization with this slug.');
    return this.inOrganization(dto.organization, unknown, () => this.registerHere(dto, client));
  }

  private async registerHere(dto: RegisterDto, client: ClientInfo): Promise<AuthResponse> {
    const taken = await this.users.usernameOrEmailTaken(dto.username, dto.email);
    if (taken.username) throw new DomainError('username_taken', 'A user with that username already exists.');
    if (taken.email) throw new DomainError('email_taken', 'A user with that email already exists.');
    const passwordHash = await this.hasher.hash(dto.password);
    // A concurrent twin registration still loses on the unique index (409 via the error filter).
    return this.sessions.transaction(async (manager) => {
      const user = await this.users.insert(
        {
          username: dto.username,
          email: dto.email,
          passwordHash,
          displayName: dto.display_name || dto.username,
          firstName: dto.first_name ?? '',
          lastName: dto.last_name ?? '',
          userType: 'consumer',
        },
        manager,
      );
      return this.startSession(manager, user, client);
    });
  }

  async login(dto: LoginDto, client: ClientInfo): Promise<AuthResponse> {
    this.requireLocalAuth();
    // An unknown organization answers like a wrong password: sign-in does not say which slugs exist.
    return this.inOrganization(dto.organization, invalidCredentials, () => this.loginHere(dto, client));
  }

  /**
   * Runs a local sign-in or registration in the organization named by its slug (none: the default
   * one), unless that organization turned local sign-in off (settings.local_sign_in).
   */
  private async inOrganization<T>(slug: string | undefined, unknown: () => Error, work: () => Promise<T>): Promise<T> {
    // Any organization's row, by its public slug: read in system scope (row-level security shows a connection only its own).
    const organization = await OrganizationScope.runAsSystem(() =>
      slug !== undefined ? this.organizations.findBySlug(slug) : this.organizations.findById(DEFAULT_ORGANIZATION_ID),
    );
    if (!organization) throw unknown();
    if (organization.settings.local_sign_in === false) throw localAuthDisabled();
    OrganizationScope.enter(organization.id);
    return OrganizationScope.run(organization.id, work);
  }

  /** Sign-in in the request's organization. */
  private async loginHere(dto: LoginDto, client: ClientInfo): Promise<AuthResponse> {
    const user = await this.users.findByLogin(dto.login);
    const account = LoginThrottle.accountKey(user?.id, dto.login);
    const ip = client.ip ?? 'unknown';
    await this.throttle.check(account, ip);
    if (!(await this.hasher.verify(user?.passwordHash, dto.password)) || !user) {
      await this.throttle.failed(account, ip);
      throw invalidCredentials();
    }
    // Told only to whoever knows the password.
    await this.suspensions.requireNotSuspended(user.id);
    return this.sessions.transaction((manager) => this.startSession(manager, user, client));
  }

  /**
   * Rotation with reuse detection: each refresh token works once; presenting
   * a spent one revokes its whole login (the token was probably stolen).
   *
   * One exception, the grace period (JWT_REFRESH_REUSE_GRACE, 30 s): a token
   * spent moments ago, in a login that has not moved on since (no token of it
   * spent later), is most likely its own client retrying because the answer
   * never arrived: a page reloaded mid-renewal, a mobile network dropping the
   * response. It gets a new pair in the same login. Once the login has moved
   * on, or after the grace period, a spent token is reuse, as above.
   */
  async refresh(refreshToken: string): Promise<AuthResponse> {
    // The token names no organization: its row does (read across organizations by its unguessable hash).
    const hash = TokenService.hashRefreshToken(refreshToken);
    const organizationId = await OrganizationScope.runAsSystem(() => this.sessions.organizationOfToken(hash));
    if (!organizationId) throw tokenNotValid();
    OrganizationScope.enter(organizationId);
    return OrganizationScope.run(organizationId, () => this.refreshHere(refreshToken));
  }

  private async refreshHere(refreshToken: string): Promise<AuthResponse> {
    let revoked: SessionsRevokedEvent | undefined;
    const outcome = await this.sessions.transaction(async (manager) => {
      const now = new Date();
      const token = await this.sessions.findTokenForUpdate(manager, TokenService.hashRefreshToken(refreshToken));
      if (!token) return null;
      const session = await this.sessions.findSession(token.sessionId, manager);
      if (session) await this.suspensions.requireNotSuspended(session.userId);
      if (token.consumedAt && !(await this.retriedWithinGrace(manager, token, now))) {
        await this.sessions.revokeSession(token.sessionId, now, manager);
        if (session && !session.revokedAt) revoked = { userId: session.userId, sessionId: token.sessionId };
        return null;
      }
      const user = session && !session.revokedAt ? await this.users.findById(session.userId, manager) : null;
      if (!session || !user || token.expiresAt <= now) return null;
      if (!token.consumedAt) await this.sessions.consumeToken(manager, token.id, now);
      return this.issue(manager, user, session.id);
    });
    if (revoked) this.events.publish('SessionsRevoked', revoked);
    if (!outcome) throw tokenNotValid();
    return outcome;
  }

  /** A spent token presented again within the grace period, its login not moved on since. */
  private async retriedWithinGrace(manager: Tx, token: RefreshToken, now: Date): Promise<boolean> {
    const graceMs = this.tokens.refreshReuseGraceSeconds * 1000;
    if (!token.consumedAt || now.getTime() - token.consumedAt.getTime() > graceMs) return false;
    return !(await this.sessions.spentSince(manager, token));
  }

  async logout(viewer: AuthUser, refreshToken: string): Promise<void> {
    const token = await this.sessions.findToken(TokenService.hashRefreshToken(refreshToken));
    const session = token ? await this.sessions.findSession(token.sessionId) : null;
    if (!session || session.userId !== viewer.id) throw tokenNotValid();
    await this.sessions.revokeSession(session.id, new Date());
    this.events.publish('SessionsRevoked', { userId: viewer.id, sessionId: session.id });
  }

  /** Ends every login of the user, the current one included: each device signs in again. */
  async changePassword(viewer: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const user = await this.usersService.require(viewer.id);
    if (!(await this.hasher.verify(user.passwordHash, dto.current_password))) {
      throw FieldValidationError.of('current_password', 'Wrong password.');
    }
    user.passwordHash = await this.hasher.hash(dto.new_password);
    await this.sessions.transaction(async (manager) => {
      await this.users.save(user, manager);
      await this.sessions.revokeAllForUser(user.id, new Date(), manager);
    });
    this.events.publish('SessionsRevoked', { userId: user.id });
  }

  /** AUTH_LOCAL=false: the platform's identity provider is the only way in. */
  private requireLocalAuth(): void {
    if (!this.config.get('AUTH_LOCAL')) {
      throw localAuthDisabled();
    }
  }

  private async startSession(manager: Tx, user: User, client: ClientInfo): Promise<AuthResponse> {
    const session = await this.sessions.createSession(manager, {
      userId: user.id,
      userAgent: client.userAgent?.slice(0, 255) ?? null,
      ip: client.ip?.slice(0, 64) ?? null,
    });
    return this.issue(manager, user, session.id);
  }

  private async issue(manager: Tx, user: User, sessionId: string): Promise<AuthResponse> {
    const refresh = this.tokens.newRefreshToken();
    await this.sessions.addToken(manager, {
      sessionId,
      tokenHash: refresh.hash,
      expiresAt: new Date(Date.now() + this.tokens.refreshTtlSeconds * 1000),
    });
    return {
      user: await this.usersService.respond({ id: user.id, role: user.role }, user),
      access_token: await this.tokens.signAccess(user.id, sessionId, OrganizationScope.organizationId() ?? DEFAULT_ORGANIZATION_ID),
      refresh_token: refresh.token,
      token_type: 'Bearer',
      expires_in: this.tokens.accessTtlSeconds,
    };
  }
}
