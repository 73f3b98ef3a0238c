import { Module } from '@nestjs/common';
import { LegalHoldsController } from './http/legal-holds.controller';
import { LegalHoldsService } from './legal-holds.service';
import { LegalHoldsRepository } from './store/legal-holds.repository';

/** Legal holds: what retention, erasure and room deletion must keep (docs/compliance.md). */
@Module({ controllers: [LegalHoldsController], providers: [LegalHoldsService, LegalHoldsRepository] })
export class LegalHoldsModule {}
