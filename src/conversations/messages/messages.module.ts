import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../rooms/chat-rooms.module';
import { UploadStoreModule } from '../uploads/upload-store.module';
import { MessageStoreModule } from './message-store.module';
import { MessagesController } from './http/messages.controller';
import { MessagesService } from './messages.service';
import { UnreadController } from './http/unread.controller';

@Module({
  imports: [ChatRoomsModule, MessageStoreModule, UploadStoreModule],
  controllers: [MessagesController, UnreadController],
  providers: [MessagesService],
  exports: [MessagesService],
})
export class MessagesModule {}
