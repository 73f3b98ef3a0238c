import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { OrganizationScope } from '../../core/database/organization-scope';
import { LtiRosterService } from './lti-roster.service';
import { LtiRepository } from './store/lti.repository';

/** Courses synced per round; the next round (at most a minute later) takes the rest. */
const BATCH = 50;

/**
 * Pulls every course's roster from its LMS every LTI_ROSTER_SYNC_INTERVAL (0: off): courses due are
 * claimed across organizations in system scope (marked synced, so other nodes skip them), then each
 * is synced in its own organization. A failed course waits for the next interval.
 */
@Injectable()
export class LtiRosterWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LtiRoster');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly repo: LtiRepository,
    private readonly roster: LtiRosterService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.get('LTI_ROSTER_SYNC_INTERVAL');
    if (interval === 0) return;
    const everyMs = Math.min(interval, 60) * 1000;
    this.timer = setInterval(() => void this.syncDue().catch((error) => this.logger.error(`LTI roster sync failed: ${String(error)}`)), everyMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One round: the courses not synced within the interval (also what tests call). Answers how many were synced. */
  syncDue(now = new Date()): Promise<number> {
    this.running ??= this.round(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.config.get('LTI_ROSTER_SYNC_INTERVAL') * 1000);
    const due = await OrganizationScope.runAsSystem(() => this.repo.claimDue(before, BATCH));
    let synced = 0;
    for (const course of due) {
      try {
        if (await OrganizationScope.run(course.organizationId, () => this.roster.sync(course.platformId, course.contextId))) synced += 1;
      } catch (error) {
        this.logger.warn({ err: error, platformId: course.platformId, contextId: course.contextId }, 'LTI roster sync of a course failed');
      }
    }
    await OrganizationScope.runAsSystem(() => this.repo.purgeStates(now));
    return synced;
  }
}
