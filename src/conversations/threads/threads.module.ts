import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../rooms/chat-rooms.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { ThreadsController } from './http/threads.controller';
import { ThreadsService } from './threads.service';

@Module({
  imports: [ChatRoomsModule, MessageStoreModule],
  controllers: [ThreadsController],
  providers: [ThreadsService],
})
export class ThreadsModule {}
