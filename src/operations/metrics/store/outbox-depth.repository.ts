import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';

export interface OutboxDepth {
  outbox: 'webhooks' | 'notifications';
  pending: number;
  /** Seconds since the oldest due row became due; 0 when none is. */
  oldest_due_seconds: number;
}

/**
 * Both outboxes' backlog, read at scrape time. Each reads only its pending rows
 * through the partial index the workers claim with (`status`/`state = 'pending'`),
 * so the cost follows the backlog, not the delivery log.
 */
@Injectable()
export class OutboxDepthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  depths(): Promise<OutboxDepth[]> {
    return queryRows<OutboxDepth>(
      this.dataSource,
      `SELECT 'webhooks' AS outbox, count(*)::int AS pending,
              coalesce(extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now())), 0)::float8 AS oldest_due_seconds
         FROM webhook_deliveries WHERE status = 'pending'
       UNION ALL
       SELECT 'notifications', count(*)::int,
              coalesce(extract(epoch FROM now() - min(due_at) FILTER (WHERE due_at <= now())), 0)::float8
         FROM notifications WHERE state = 'pending'`,
      [],
    );
  }
}
