import { Module } from '@nestjs/common';
import { AuthModule } from '../../identity/auth/auth.module';
import { ConversationsModule } from '../../conversations/conversations.module';
import { UsersModule } from '../../identity/users/users.module';
import { ApiKeyGuard } from './http/api-key.guard';
import { ApiKeysController } from './http/api-keys.controller';
import { ApiKeysRepository } from './store/api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { PlatformController } from './http/platform.controller';
import { PlatformMessagesService } from './platform-messages.service';
import { PlatformRepository } from './store/platform.repository';
import { PlatformRoomsService } from './platform-rooms.service';
import { PlatformUsersService } from './platform-users.service';
import { RosterService } from './roster.service';

/** The host platform's server API (API keys, upserts by external id, rosters, bot messages, tokens). */
@Module({
  imports: [AuthModule, UsersModule, ConversationsModule],
  controllers: [ApiKeysController, PlatformController],
  providers: [
    ApiKeyGuard,
    ApiKeysRepository,
    ApiKeysService,
    PlatformRepository,
    PlatformRoomsService,
    PlatformUsersService,
    PlatformMessagesService,
    RosterService,
  ],
  // SCIM's groups and LTI's course rooms and rosters go through the same upserts and roster diff.
  exports: [ApiKeyGuard, ApiKeysService, PlatformRoomsService, RosterService],
})
export class IntegrationsModule {}
