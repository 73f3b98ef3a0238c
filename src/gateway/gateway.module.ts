import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChatRoomsModule } from '../chat-rooms/chat-rooms.module';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { ChatGateway } from './chat.gateway';
import { RealtimeFanout } from './realtime-fanout';
import { TypingService } from './typing.service';

@Module({
  imports: [AuthModule, UsersModule, ChatRoomsModule, MessagesModule],
  providers: [ChatGateway, RealtimeFanout, TypingService],
})
export class GatewayModule {}
