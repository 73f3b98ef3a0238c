import { Module } from '@nestjs/common';
import { RetentionService } from './retention.service';
import { RetentionRepository } from './store/retention.repository';

/** The scheduled removal of expired messages (RETENTION_DAYS, rooms' retention_days). */
@Module({ providers: [RetentionService, RetentionRepository], exports: [RetentionService] })
export class RetentionModule {}
