import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../chat-rooms/chat-rooms.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { ReactionsController } from './reactions.controller';
import { ReactionsRepository } from './reactions.repository';
import { ReactionsService } from './reactions.service';

@Module({
  imports: [ChatRoomsModule, MessageStoreModule],
  controllers: [ReactionsController],
  providers: [ReactionsService, ReactionsRepository],
})
export class ReactionsModule {}
