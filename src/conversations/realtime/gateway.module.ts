import { Module } from '@nestjs/common';
import { AuthModule } from '../../identity/auth/auth.module';
import { ChatRoomsModule } from '../rooms/chat-rooms.module';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../../identity/users/users.module';
import { ChatGateway } from './chat.gateway';
import { RealtimeFanout } from './realtime-fanout';
import { AppConfig } from '../../core/config/app-config.service';
import { REDIS, RedisClient } from '../../core/redis/redis.module';
import { TypingGate, TypingService } from './typing.service';
import { LinkRecovery } from './link-recovery';
import { StreamAdapterLink } from './stream-adapter-link';

@Module({
  imports: [AuthModule, UsersModule, ChatRoomsModule, MessagesModule],
  providers: [
    ChatGateway,
    RealtimeFanout,
    TypingService,
    StreamAdapterLink,
    LinkRecovery,
    {
      provide: TypingGate,
      inject: [REDIS, AppConfig],
      useFactory: (redis: RedisClient, config: AppConfig) => new TypingGate(redis ?? undefined, config.get('REDIS_KEY_PREFIX')),
    },
  ],
})
export class GatewayModule {}
