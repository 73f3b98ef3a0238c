import { Injectable } from '@nestjs/common';
import { AuditAction, AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { OrganizationScope } from '../../core/database/organization-scope';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import type { RoomContext } from '../rooms/room-access.service';
import { ContentPolicy } from './content-policy';
import { CreateContentRuleDto, UpdateContentRuleDto } from './dto/content-rule.dto';
import { ContentRuleListResponse, ContentRuleResponse, toContentRuleResponse } from './dto/content-rule.response';
import { compilePattern } from './matchers';
import { entryWords } from './normalise';
import { ContentRulesRepository, MAX_RULES_PER_SCOPE } from './store/content-rules.repository';
import type { ContentRule, RuleConfig, RuleKind } from './store/entities/content-rule.entity';

/** The fields each kind takes; any other rule field is refused. */
const FIELDS_OF: Record<RuleKind, (keyof RuleConfig)[]> = {
  words: ['words'],
  regex: ['pattern'],
  links: ['link_mode', 'domains'],
  pii: ['detectors', 'phone_region'],
};
const CONFIG_FIELDS: (keyof RuleConfig)[] = ['words', 'pattern', 'link_mode', 'domains', 'detectors', 'phone_region'];

/**
 * Managing content rules: the organization's deployment-scope rules (its global admins,
 * `content_rules.manage`) and a room's (its owners and admins, `room.manage`), each in the caller's
 * organization's scope, where row-level security shows and changes only that organization's rows. Every change is audited in its own
 * transaction and drops the compiled rules on every node (ContentPolicy.changed).
 */
@Injectable()
export class ContentRulesService {
  constructor(
    private readonly rules: ContentRulesRepository,
    private readonly policy: ContentPolicy,
    private readonly audit: AuditLog,
  ) {}

  async list(user: AuthUser, room: RoomContext | null): Promise<ContentRuleListResponse> {
    this.requireManager(user, room);
    return { results: (await this.rules.list(room?.room.id ?? null)).map(toContentRuleResponse) };
  }

  async create(user: AuthUser, room: RoomContext | null, dto: CreateContentRuleDto): Promise<ContentRuleResponse> {
    this.requireManager(user, room);
    const config = configOf(dto.kind, dto, {});
    const created = await this.rules.transaction(async (tx) => {
      if ((await this.rules.countInScope(tx, room?.room.id ?? null)) >= MAX_RULES_PER_SCOPE) {
        throw FieldValidationError.of('non_field_errors', `At most ${MAX_RULES_PER_SCOPE} rules per scope.`);
      }
      const rule = await this.rules.create(tx, {
        scope: room ? 'room' : 'deployment',
        roomId: room?.room.id ?? null,
        name: dto.name ?? '',
        kind: dto.kind,
        action: dto.action,
        config,
        enabled: dto.enabled ?? true,
      });
      await this.record(tx, user, room, 'content_rule.created', rule);
      return rule;
    });
    await this.policy.changed();
    return toContentRuleResponse(created);
  }

  async update(user: AuthUser, room: RoomContext | null, id: string, dto: UpdateContentRuleDto): Promise<ContentRuleResponse> {
    this.requireManager(user, room);
    const updated = await this.rules.transaction(async (tx) => {
      const rule = await this.rules.findInScope(id, room?.room.id ?? null, tx);
      if (!rule) throw ruleNotFound();
      rule.config = configOf(rule.kind, dto, rule.config);
      if (dto.name !== undefined) rule.name = dto.name;
      if (dto.action !== undefined) rule.action = dto.action;
      if (dto.enabled !== undefined) rule.enabled = dto.enabled;
      const saved = await this.rules.save(tx, rule);
      await this.record(tx, user, room, 'content_rule.updated', saved);
      return saved;
    });
    await this.policy.changed();
    return toContentRuleResponse(updated);
  }

  async remove(user: AuthUser, room: RoomContext | null, id: string): Promise<void> {
    this.requireManager(user, room);
    await this.rules.transaction(async (tx) => {
      const rule = await this.rules.findInScope(id, room?.room.id ?? null, tx);
      if (!rule) throw ruleNotFound();
      await this.rules.remove(tx, rule.id);
      await this.record(tx, user, room, 'content_rule.deleted', rule);
    });
    await this.policy.changed();
  }

  /**
   * Row-level security is what shows and changes only the caller's organization's rules, so these
   * routes never run in system scope, where every organization's rules are visible (only the send
   * path's snapshot loads them there: ContentPolicy).
   */
  private requireManager(user: AuthUser, room: RoomContext | null): void {
    if (OrganizationScope.current()?.system) throw new Error('Content rules are managed in an organization scope, never in system scope.');
    if (room) Policy.require(user, 'room.manage', room);
    else Policy.require(user, 'content_rules.manage');
  }

  private record(tx: Parameters<AuditLog['record']>[0], user: AuthUser, room: RoomContext | null, action: AuditAction, rule: ContentRule) {
    return this.audit.record(tx, {
      actor: user,
      action,
      room: room ? { id: room.room.id, name: room.room.name } : null,
      target: { type: 'content_rule', id: rule.id, name: rule.name || rule.kind },
      details: { scope: rule.scope, kind: rule.kind, action: rule.action, enabled: rule.enabled },
    });
  }
}

const ruleNotFound = () => new DomainError('not_found', 'Content rule not found.');

/** The rule's config after the changes, checked against its kind (400 naming the field). */
function configOf(kind: RuleKind, dto: Partial<RuleConfig>, current: RuleConfig): RuleConfig {
  const allowed = FIELDS_OF[kind];
  const errors: Record<string, string[]> = {};
  const config: RuleConfig = { ...current };
  for (const field of CONFIG_FIELDS) {
    if (dto[field] === undefined) continue;
    if (!allowed.includes(field)) errors[field] = [`Not a field of a ${kind} rule.`];
    else Object.assign(config, { [field]: dto[field] });
  }
  checkKind(kind, config, errors);
  if (Object.keys(errors).length) throw new FieldValidationError(errors);
  return config;
}

function checkKind(kind: RuleKind, config: RuleConfig, errors: Record<string, string[]>): void {
  const required = (field: keyof RuleConfig) => {
    if (config[field] === undefined) errors[field] ??= [`Required for a ${kind} rule.`];
  };
  switch (kind) {
    case 'words':
      required('words');
      if (config.words?.some((w) => entryWords(w).length === 0)) errors.words = ['Each entry needs a letter or digit.'];
      return;
    case 'regex':
      required('pattern');
      if (config.pattern !== undefined) {
        try {
          compilePattern(config.pattern);
        } catch (error) {
          errors.pattern = [`Not a valid RE2 pattern: ${error instanceof Error ? error.message : String(error)}`];
        }
      }
      return;
    case 'links':
      required('link_mode');
      required('domains');
      return;
    case 'pii':
      required('detectors');
      return;
  }
}
