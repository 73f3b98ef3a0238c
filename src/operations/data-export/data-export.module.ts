import { Module } from '@nestjs/common';
import { UsersModule } from '../../identity/users/users.module';
import { DataExportController } from './http/data-export.controller';
import { DataExportService } from './data-export.service';
import { ExportReader } from './store/export-reader';

/** Data-protection export: a user's data as one streamed JSON document. */
@Module({
  imports: [UsersModule],
  controllers: [DataExportController],
  providers: [DataExportService, ExportReader],
  exports: [ExportReader],
})
export class DataExportModule {}
