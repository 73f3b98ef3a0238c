import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../core/config/app-config.service';
import { InjectRedis, type RedisClient } from '../../core/redis/redis.module';
import { ContentBlockedError, DomainError } from '../../core/errors/domain-error';
import type { PreSendHook, PreSendReview } from './pre-send-hook';
import { RuleSet, Verdict } from './rule-set';
import { ContentRulesRepository } from './store/content-rules.repository';
import type { ContentRule } from './store/entities/content-rule.entity';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../core/database/organization-scope';
import { ShadowSuspensions } from '../../identity/auth/shadow-suspensions';
import type { MessageVisibility } from '../messages/store/entities/message.entity';

/** What a message may be stored as. */
export interface ContentCheck {
  /** The text to store: masked where a mask rule matched, or the pre-send hook's rewrite. */
  content: string;
  /** The flagging rules that matched: the system reports the message. */
  flaggedBy: string[];
  /**
   * Who will see it: `shadow` while the sender is under a shadow suspension, else `held` when a hold rule
   * matched or the pre-send hook answered `hold`, else `visible` (docs/compliance.md).
   */
  visibility: MessageVisibility;
}

/** A node that missed an invalidation (Redis down at the time) reloads the rules after this long. */
const MAX_AGE_MS = 30_000;

interface Snapshot {
  loadedAt: number;
  /** Each organization's deployment-scope rules: a deployment's rules are its organization's (docs/organizations.md). */
  deployment: Map<string, ContentRule[]>;
  byRoom: Map<string, ContentRule[]>;
  compiled: Map<string, RuleSet>;
}

/**
 * The content rules as the send path runs them: every enabled rule loaded in one query,
 * compiled once per scope into a RuleSet, and kept until a rule changes. A change drops
 * the snapshot on this node at once and, with Redis, on every node (a message on a
 * pub/sub channel); the next send loads it again. Evaluating is plain JavaScript before
 * a message joins the writer's batch, so the batch and its one statement stay as they were.
 */
@Injectable()
export class ContentPolicy implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ContentPolicy.name);
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private generation = 0;
  private subscriber: Redis | null = null;
  private readonly channel: string;
  private hook: PreSendHook | null = null;

  constructor(
    private readonly rules: ContentRulesRepository,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly shadows: ShadowSuspensions,
    config: AppConfig,
  ) {
    this.channel = `${config.get('REDIS_KEY_PREFIX')}:content-rules:changed`;
  }

  onModuleInit(): void {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', () => this.dropSnapshot());
    this.subscriber.on('error', (error: Error) => this.logger.warn(`content rules channel: ${error.message}`));
    // Not awaited: a Redis down at start must not hold up the boot (ioredis subscribes once connected, and again after a reconnect).
    void this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`content rules channel: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** The platform's pre-send hook, when one is configured (called after the rules). */
  useHook(hook: PreSendHook): void {
    this.hook = hook;
  }

  /**
   * What the message may be stored as (ContentCheck), the one decision of its visibility for every way a
   * message is written; throws `content_blocked` for a blocking rule or the hook's rejection.
   */
  async check(roomId: string, content: string, by: Omit<PreSendReview, 'roomId' | 'content'>): Promise<ContentCheck> {
    const [ruleSet, shadowed] = await Promise.all([this.ruleSetFor(roomId), this.shadows.applies(by.senderId)]);
    const verdict: Verdict = ruleSet.evaluate(content);
    if (verdict.blockedBy !== null) throw new ContentBlockedError(verdict.blockedBy);
    let checked = { content: verdict.content, held: verdict.heldBy.length > 0 };
    if (this.hook && verdict.content !== '') {
      const reviewed = await this.hook.review({ roomId, content: verdict.content, ...by });
      if (reviewed.action === 'reject') throw new ContentBlockedError(null, reviewed.reason);
      if (reviewed.action === 'rewrite') checked = { ...checked, content: reviewed.content };
      if (reviewed.action === 'hold') checked = { ...checked, held: true };
    }
    const visibility = shadowed ? 'shadow' : checked.held ? 'held' : 'visible';
    return { content: checked.content, flaggedBy: verdict.flaggedBy, visibility };
  }

  /** After a rule changed: this node now, the others through Redis. */
  async changed(): Promise<void> {
    this.dropSnapshot();
    await this.redis?.publish(this.channel, '1').catch((error: Error) => this.logger.warn(`content rules channel: ${error.message}`));
  }

  private dropSnapshot(): void {
    this.generation += 1;
    this.snapshot = null;
    this.loading = null;
  }

  private async ruleSetFor(roomId: string): Promise<RuleSet> {
    const snapshot = this.fresh() ?? (await this.load());
    // The sender's organization: its deployment rules, never another organization's.
    const organizationId = OrganizationScope.organizationId() ?? DEFAULT_ORGANIZATION_ID;
    const key = snapshot.byRoom.has(roomId) ? roomId : `organization:${organizationId}`;
    let set = snapshot.compiled.get(key);
    if (!set) {
      const deployment = snapshot.deployment.get(organizationId) ?? [];
      set = new RuleSet(this.compilable([...deployment, ...(snapshot.byRoom.get(roomId) ?? [])]));
      snapshot.compiled.set(key, set);
    }
    return set;
  }

  private fresh(): Snapshot | null {
    return this.snapshot && Date.now() - this.snapshot.loadedAt < MAX_AGE_MS ? this.snapshot : null;
  }

  private load(): Promise<Snapshot> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = OrganizationScope.runAsSystem(() => this.rules.enabled()).then((rows) => {
      const snapshot: Snapshot = { loadedAt: Date.now(), deployment: new Map(), byRoom: new Map(), compiled: new Map() };
      for (const rule of rows) {
        const organizationId = rule.organizationId ?? DEFAULT_ORGANIZATION_ID;
        if (rule.roomId === null) snapshot.deployment.set(organizationId, [...(snapshot.deployment.get(organizationId) ?? []), rule]);
        else snapshot.byRoom.set(rule.roomId, [...(snapshot.byRoom.get(rule.roomId) ?? []), rule]);
      }
      if (generation === this.generation) this.snapshot = snapshot;
      return snapshot;
    });
    this.loading = loading;
    void loading.finally(() => {
      if (this.loading === loading) this.loading = null;
    });
    return loading;
  }

  /** Rules were validated when written; one that no longer compiles (a library upgrade) is skipped and logged, not fatal to sends. */
  private compilable(rules: ContentRule[]): ContentRule[] {
    return rules.filter((rule) => {
      try {
        new RuleSet([rule]);
        return true;
      } catch (error) {
        if (!(error instanceof DomainError)) this.logger.error(`content rule ${rule.id} does not compile: ${String(error)}`);
        return false;
      }
    });
  }
}
