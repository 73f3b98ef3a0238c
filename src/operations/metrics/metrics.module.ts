import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';
import { OutboxDepthRepository } from './store/outbox-depth.repository';

@Module({ providers: [MetricsService, OutboxDepthRepository], exports: [MetricsService] })
export class MetricsModule {}
