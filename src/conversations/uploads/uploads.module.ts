import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../rooms/chat-rooms.module';
import { UploadStoreModule } from './upload-store.module';
import { UploadsController } from './http/uploads.controller';
import { UploadsService } from './uploads.service';

@Module({
  imports: [ChatRoomsModule, UploadStoreModule],
  controllers: [UploadsController],
  providers: [UploadsService],
})
export class UploadsModule {}
