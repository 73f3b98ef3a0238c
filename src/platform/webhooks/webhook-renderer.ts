import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvent } from '../../core/events/domain-events';
import { WebhookPayloads } from './webhook-payloads';
import { WebhooksRepository } from './store/webhooks.repository';

const BATCH = 500;

/**
 * Renders outbox bodies right after the change commits, so a webhook shows the state at
 * the event (as the socket payload sent at the same moment does), not at its first
 * attempt: under load the worker may first try it after a later edit or deletion. Each
 * webhook-type domain event asks for a pass; passes run one at a time and a request made
 * during one is served by the next, so a burst of events costs a pass or two. Rows this
 * misses (a crash between commit and render, invitation.created, which has no in-process
 * event) are rendered by the worker at their first attempt.
 */
@Injectable()
export class WebhookRenderer {
  private readonly logger = new Logger(WebhookRenderer.name);
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly payloads: WebhookPayloads,
  ) {}

  @OnEvent([
    DomainEvent.MessageCreated,
    DomainEvent.MessageUpdated,
    DomainEvent.MessageDeleted,
    DomainEvent.MemberJoined,
    DomainEvent.MemberLeft,
    DomainEvent.MemberUpdated,
    DomainEvent.RoomCreated,
    DomainEvent.RoomUpdated,
    DomainEvent.RoomDeleted,
  ])
  changed(): void {
    void this.renderPending();
  }

  /** Renders what is unrendered now; resolves when this request has been served. */
  renderPending(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = null));
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        for (let rounds = 0; rounds < 20; rounds += 1) {
          const rows = await this.repo.unrendered(BATCH);
          if (rows.length > 0) await this.repo.keepPayloads(await this.payloads.render(rows));
          if (rows.length < BATCH) break;
        }
      } catch (error) {
        // The worker renders whatever this left at its first attempt.
        this.logger.warn(`Rendering webhook bodies after a change failed: ${(error as Error).message}`);
      }
    } while (this.again);
  }
}
