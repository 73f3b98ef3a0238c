import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { RetentionRepository } from './store/retention.repository';
import { OrganizationScope } from '../../core/database/organization-scope';

/** Bounds one sweep (rooms x batches); the next sweep carries on. */
const MAX_BATCHES_PER_SWEEP = 2_000;

/**
 * Removes expired messages: for each room with a retention (its own
 * retention_days, else RETENTION_DAYS), the oldest messages older than that,
 * in small batches, one short transaction each. A batch removes a prefix of the
 * room's seqs (it stops at the first message still kept), moves the room's
 * `purged_through_seq` (the history's new start) and fixes its counters in the
 * same transaction; unread counts follow by themselves (they count rows).
 * A thread root waits for its newest reply to expire (deleting it would take the
 * replies with it). Attachment files go with their messages through the uploads' own cleanup.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly retention: RetentionRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.config.get('RETENTION_INTERVAL') * 1000;
    this.timer = setInterval(() => void this.sweep().catch((error) => this.logger.error(`Retention sweep failed: ${String(error)}`)), everyMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep over every room with a retention; answers the number of messages removed. */
  sweep(): Promise<number> {
    this.running ??= this.sweepRooms().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepRooms(): Promise<number> {
    // Rooms of every organization are found in system scope; each is purged in its own organization.
    const rooms = await OrganizationScope.runAsSystem(() => this.retention.roomsToSweep(this.config.get('RETENTION_DAYS')));
    let removed = 0;
    let batches = 0;
    for (const room of rooms) {
      for (;;) {
        if (batches++ >= MAX_BATCHES_PER_SWEEP) return removed;
        const count = await OrganizationScope.run(room.organization_id, () => this.purgeBatch(room.id, room.days));
        if (count === null) return removed; // another node is sweeping
        removed += count;
        if (count < this.config.get('RETENTION_BATCH_SIZE')) break;
      }
    }
    if (removed > 0) this.logger.log(`Retention removed ${removed} expired messages`);
    return removed;
  }

  /** One batch in one transaction; null when another node holds the sweep lock. */
  private purgeBatch(roomId: string, days: number): Promise<number | null> {
    return this.retention.purgeBatch(roomId, days, this.config.get('RETENTION_BATCH_SIZE'));
  }
}
