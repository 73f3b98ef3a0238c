import { Module } from '@nestjs/common';
import { ConversationsModule } from '../../conversations/conversations.module';
import { DataExportModule } from '../data-export/data-export.module';
import { ComplianceExportService } from './compliance-export.service';
import { ComplianceExportWorker } from './compliance-export.worker';
import { ComplianceExportsController } from './http/compliance-exports.controller';
import { ComplianceExportsRepository } from './store/compliance-exports.repository';

/** Compliance exports: jobs that write rooms' and users' records into a zip, from one snapshot (docs/compliance.md). */
@Module({
  imports: [ConversationsModule, DataExportModule],
  controllers: [ComplianceExportsController],
  providers: [ComplianceExportService, ComplianceExportWorker, ComplianceExportsRepository],
})
export class ComplianceExportModule {}
