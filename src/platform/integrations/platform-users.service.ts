import { Injectable } from '@nestjs/common';
import { SessionsRepository } from '../../identity/auth/store/sessions.repository';
import { TokenService } from '../../identity/auth/token.service';
import { ExternalIdentitiesRepository } from '../../identity/auth/store/external-identities.repository';
import { ExternalUsersService, PLATFORM_ISSUER } from '../../identity/auth/external/external-users.service';
import { UsersService } from '../../identity/users/users.service';
import { User } from '../../identity/users/store/entities/user.entity';
import { UpsertPlatformUserDto } from './dto/platform.dto';
import { MintedTokenResponse, PlatformUserResponse } from './dto/platform.response';
import { ApiKey } from './store/entities/api-key.entity';
import { userNotFound } from '../../core/errors/errors';

/** Users keyed by the platform's ids, and server-side tokens for them. */
@Injectable()
export class PlatformUsersService {
  constructor(
    private readonly external: ExternalUsersService,
    private readonly identities: ExternalIdentitiesRepository,
    private readonly users: UsersService,
    private readonly sessions: SessionsRepository,
    private readonly tokens: TokenService,
  ) {}

  async upsert(externalId: string, dto: UpsertPlatformUserDto): Promise<PlatformUserResponse> {
    const { user, created } = await this.external.upsert(PLATFORM_ISSUER, externalId, {
      username: dto.username ?? externalId,
      email: dto.email,
      displayName: dto.display_name,
      firstName: dto.first_name,
      lastName: dto.last_name,
      userType: dto.user_type,
    });
    return { external_id: externalId, created, user: await this.users.respond({ id: user.id, role: 'admin' }, user) };
  }

  /**
   * A Parley access token for the user, on a login of its own (so logout-everywhere,
   * password change and deletion end it like any other).
   */
  async mintToken(key: ApiKey, externalId: string): Promise<MintedTokenResponse> {
    const user = await this.require(externalId);
    const session = await this.sessions.transaction((manager) =>
      this.sessions.createSession(manager, { userId: user.id, userAgent: `platform api key ${key.prefix}`, ip: null }),
    );
    return {
      access_token: await this.tokens.signAccess(user.id, session.id, key.organizationId!),
      token_type: 'Bearer',
      expires_in: this.tokens.accessTtlSeconds,
      user: await this.users.respond({ id: user.id, role: 'admin' }, user),
    };
  }

  private async require(externalId: string): Promise<User> {
    const user = await this.identities.findUser(PLATFORM_ISSUER, externalId);
    if (!user) throw userNotFound();
    return user;
  }
}
