import { Module } from '@nestjs/common';
import { AttachmentsService } from './attachments.service';
import { fileStorageProvider } from './storage/storage.provider';
import { UploadsCleanup } from './uploads-cleanup.service';
import { UploadsRepository } from './store/uploads.repository';

/** Stored files and their attachment to messages; imported by the message store (no dependency on rooms or messages). */
@Module({
  providers: [UploadsRepository, fileStorageProvider, UploadsCleanup, AttachmentsService],
  exports: [UploadsRepository, fileStorageProvider, UploadsCleanup, AttachmentsService],
})
export class UploadStoreModule {}
