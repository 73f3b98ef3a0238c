import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChatRoomsModule } from '../chat-rooms/chat-rooms.module';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { ChatGateway } from './chat.gateway';
import { RealtimeFanout } from './realtime-fanout';
import { AppConfig } from '../config/app-config.service';
import { REDIS, RedisClient } from '../redis/redis.module';
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
