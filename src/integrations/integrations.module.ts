import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChatRoomsModule } from '../chat-rooms/chat-rooms.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { UsersModule } from '../users/users.module';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { PlatformController } from './platform.controller';
import { PlatformMessagesService } from './platform-messages.service';
import { PlatformRepository } from './platform.repository';
import { PlatformRoomsService } from './platform-rooms.service';
import { PlatformUsersService } from './platform-users.service';
import { RosterService } from './roster.service';

/** The host platform's server API (API keys, upserts by external id, rosters, bot messages, tokens). */
@Module({
  imports: [AuthModule, UsersModule, ChatRoomsModule, MessageStoreModule],
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
})
export class IntegrationsModule {}
