import { Module } from '@nestjs/common';
import { RetentionService } from './retention.service';

/** The scheduled removal of expired messages (RETENTION_DAYS, rooms' retention_days). */
@Module({ providers: [RetentionService], exports: [RetentionService] })
export class RetentionModule {}
