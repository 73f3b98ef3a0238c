import { Module } from '@nestjs/common';
import { MessageStoreModule } from '../messages/message-store.module';
import { MentionsController } from './http/mentions.controller';
import { MentionsRepository } from './store/mentions.repository';
import { MentionsService } from './mentions.service';

/** Mentions are resolved and stored by the send path (MessageLog); this reads them back. */
@Module({
  imports: [MessageStoreModule],
  controllers: [MentionsController],
  providers: [MentionsService, MentionsRepository],
})
export class MentionsModule {}
