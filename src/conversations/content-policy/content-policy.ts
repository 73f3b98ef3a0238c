import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { InjectRedis, type RedisClient } from '../../core/redis/redis.module';
import { SharedSnapshot } from '../../core/redis/shared-snapshot';
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

interface Snapshot {
  /** Each organization's deployment-scope rules: a deployment's rules are its organization's (docs/organizations.md). */
  deployment: Map<string, ContentRule[]>;
  byRoom: Map<string, ContentRule[]>;
  compiled: Map<string, RuleSet>;
}

/**
 * The content rules as the send path runs them: every enabled rule loaded in one query,
 * compiled once per scope into a RuleSet, and kept until a rule changes (a SharedSnapshot:
 * a change drops it on every node through Redis). Evaluating is plain JavaScript before a
 * message joins the writer's batch, so the batch and its one statement stay as they were.
 */
@Injectable()
export class ContentPolicy implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ContentPolicy.name);
  private readonly snapshot: SharedSnapshot<Snapshot>;
  private hook: PreSendHook | null = null;

  constructor(
    private readonly rules: ContentRulesRepository,
    @InjectRedis() redis: RedisClient,
    private readonly shadows: ShadowSuspensions,
    config: AppConfig,
  ) {
    this.snapshot = new SharedSnapshot({
      name: 'content rules',
      redis,
      channel: `${config.get('REDIS_KEY_PREFIX')}:content-rules:changed`,
      load: () => this.load(),
    });
  }

  onModuleInit(): void {
    this.snapshot.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.snapshot.close();
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
  changed(): Promise<void> {
    return this.snapshot.changed();
  }

  private async ruleSetFor(roomId: string): Promise<RuleSet> {
    const snapshot = await this.snapshot.get();
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

  private async load(): Promise<Snapshot> {
    const rows = await OrganizationScope.runAsSystem(() => this.rules.enabled());
    const snapshot: Snapshot = { deployment: new Map(), byRoom: new Map(), compiled: new Map() };
    for (const rule of rows) {
      const organizationId = rule.organizationId ?? DEFAULT_ORGANIZATION_ID;
      if (rule.roomId === null) snapshot.deployment.set(organizationId, [...(snapshot.deployment.get(organizationId) ?? []), rule]);
      else snapshot.byRoom.set(rule.roomId, [...(snapshot.byRoom.get(rule.roomId) ?? []), rule]);
    }
    return snapshot;
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
