import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../chat-rooms/chat-rooms.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';

@Module({
  imports: [ChatRoomsModule, MessageStoreModule],
  controllers: [ThreadsController],
  providers: [ThreadsService],
})
export class ThreadsModule {}
