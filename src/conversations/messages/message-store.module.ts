import { Module } from '@nestjs/common';
import { UploadStoreModule } from '../uploads/upload-store.module';
import { AttachedMessageWriter } from './attached-message-writer';
import { MessageLog } from './store/message-log';
import { MessageViews } from './message-views';
import { MessageWriter } from './message-writer';
import { MessagesRepository } from './store/messages.repository';

/** Message storage shared by rooms (system messages, last message, unread) and the messages API. */
@Module({
  imports: [UploadStoreModule],
  providers: [MessageLog, MessageWriter, MessagesRepository, MessageViews, AttachedMessageWriter],
  exports: [MessageLog, MessageWriter, MessagesRepository, MessageViews, AttachedMessageWriter],
})
export class MessageStoreModule {}
