import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../rooms/chat-rooms.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { PinsController } from './http/pins.controller';
import { PinsRepository } from './store/pins.repository';
import { PinsService } from './pins.service';

@Module({
  imports: [ChatRoomsModule, MessageStoreModule],
  controllers: [PinsController],
  providers: [PinsService, PinsRepository],
})
export class PinsModule {}
