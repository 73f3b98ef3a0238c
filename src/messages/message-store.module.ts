import { Module } from '@nestjs/common';
import { MessageLog } from './message-log';
import { MessageViews } from './message-views';
import { MessagesRepository } from './messages.repository';

/** Message storage shared by rooms (system messages, last message, unread) and the messages API. */
@Module({
  providers: [MessageLog, MessagesRepository, MessageViews],
  exports: [MessageLog, MessagesRepository, MessageViews],
})
export class MessageStoreModule {}
