import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../rooms/chat-rooms.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { ReactionsController } from './http/reactions.controller';
import { ReactionsRepository } from './store/reactions.repository';
import { ReactionsService } from './reactions.service';

@Module({
  imports: [ChatRoomsModule, MessageStoreModule],
  controllers: [ReactionsController],
  providers: [ReactionsService, ReactionsRepository],
})
export class ReactionsModule {}
