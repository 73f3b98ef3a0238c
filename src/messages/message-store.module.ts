import { Module } from '@nestjs/common';
import { UploadStoreModule } from '../uploads/upload-store.module';
import { MessageLog } from './message-log';
import { MessageViews } from './message-views';
import { MessageWriter } from './message-writer';
import { MessagesRepository } from './messages.repository';

/** Message storage shared by rooms (system messages, last message, unread) and the messages API. */
@Module({
  imports: [UploadStoreModule],
  providers: [MessageLog, MessageWriter, MessagesRepository, MessageViews],
  exports: [MessageLog, MessageWriter, MessagesRepository, MessageViews],
})
export class MessageStoreModule {}
