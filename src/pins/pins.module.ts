import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../chat-rooms/chat-rooms.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { PinsController } from './pins.controller';
import { PinsRepository } from './pins.repository';
import { PinsService } from './pins.service';

@Module({
  imports: [ChatRoomsModule, MessageStoreModule],
  controllers: [PinsController],
  providers: [PinsService, PinsRepository],
})
export class PinsModule {}
