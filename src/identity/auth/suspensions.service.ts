import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import type { Tx } from '../../core/database/transaction';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { accountSuspended } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { Policy } from '../../core/policy/policy';
import { UsersService } from '../users/users.service';
import { SuspendUserDto, SuspensionResponse, toSuspensionResponse } from './dto/suspension.dto';
import { SessionsRepository } from './store/sessions.repository';
import { SuspensionsRepository } from './store/suspensions.repository';
import { ShadowSuspensions } from './shadow-suspensions';

/** The latest end a suspension may name (PostgreSQL and JavaScript both hold it). */
const LATEST_END = Date.UTC(9999, 11, 31);

/**
 * Deployment-wide suspension (docs/compliance.md). Suspending ends every login of the user in
 * the same transaction as the suspension and its audit entry; after commit their sockets go
 * (SessionsRevoked). While it applies, sign-in, token renewal, any access token (Parley's or the
 * identity provider's) and the socket handshake answer 403 `account_suspended`. Messages stay.
 * A shadow suspension ends no login and refuses nothing: the send path makes the user's new messages
 * `shadow` (ShadowSuspensions, told of every change after commit).
 */
@Injectable()
export class SuspensionsService {
  constructor(
    private readonly suspensions: SuspensionsRepository,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly shadows: ShadowSuspensions,
  ) {}

  async get(viewer: AuthUser, userId: string): Promise<SuspensionResponse> {
    Policy.require(viewer, 'users.suspend');
    await this.users.require(userId);
    const suspension = await this.suspensions.active(userId);
    if (!suspension) throw notSuspended();
    return toSuspensionResponse(suspension);
  }

  async suspend(viewer: AuthUser, userId: string, dto: SuspendUserDto): Promise<SuspensionResponse> {
    Policy.require(viewer, 'users.suspend');
    const user = await this.users.require(userId);
    if (userId === viewer.id) throw FieldValidationError.of('non_field_errors', 'You cannot suspend yourself.');
    const until = dto.until ? new Date(dto.until) : null;
    if (until && !(until.getTime() > Date.now() && until.getTime() <= LATEST_END)) {
      throw FieldValidationError.of('until', 'Must be a time in the future (at most 9999-12-31).');
    }
    const shadow = dto.shadow ?? false;
    const saved = await this.suspensions.transaction(async (manager) => {
      const made = await this.suspensions.suspend(manager, { userId, reason: dto.reason, suspendedUntil: until, suspendedBy: viewer.id, shadow });
      if (!made) throw new DomainError('conflict', 'This user is already suspended; lift the suspension first to change it.');
      if (!shadow) await this.sessions.revokeAllForUser(userId, new Date(), manager);
      await this.audit.record(manager, {
        actor: viewer,
        action: 'user.suspended',
        target: { type: 'user', id: userId, name: user.username },
        reason: dto.reason,
        details: { until: until?.toISOString() ?? null, shadow },
      });
      return made;
    });
    // Replacing a shadow suspension ends the shadow too.
    await this.shadows.changed();
    if (!shadow) this.events.publish('SessionsRevoked', { userId });
    return toSuspensionResponse(saved);
  }

  async lift(viewer: AuthUser, userId: string): Promise<void> {
    Policy.require(viewer, 'users.suspend');
    const user = await this.users.require(userId);
    await this.suspensions.transaction(async (manager) => {
      const lifted = await this.suspensions.lift(manager, userId);
      if (!lifted) throw notSuspended();
      await this.audit.record(manager, {
        actor: viewer,
        action: 'user.reinstated',
        target: { type: 'user', id: userId, name: user.username },
        details: { until: lifted.suspendedUntil?.toISOString() ?? null, shadow: lifted.shadow },
      });
    });
    await this.shadows.changed();
  }

  /**
   * Deactivation by a provisioning client (SCIM `active: false`), in the caller's transaction: an
   * indefinite suspension with no admin behind it, every login of the user ended, audited. The caller
   * publishes `SessionsRevoked` after commit (the sockets go then). Answers false when a suspension
   * already applied (nothing written).
   */
  async suspendByProvisioning(manager: Tx, user: { id: string; username: string }, reason: string): Promise<boolean> {
    const made = await this.suspensions.suspend(manager, { userId: user.id, reason, suspendedUntil: null, suspendedBy: null, shadow: false });
    if (!made) return false;
    await this.sessions.revokeAllForUser(user.id, new Date(), manager);
    await this.audit.record(manager, { actor: null, action: 'user.suspended', target: { type: 'user', id: user.id, name: user.username }, reason });
    return true;
  }

  /** Reactivation by the provisioning client: lifts only the suspension it made (same `reason`); an admin's stays. */
  async liftByProvisioning(manager: Tx, user: { id: string; username: string }, reason: string): Promise<boolean> {
    if (!(await this.suspensions.liftWithReason(manager, user.id, reason))) return false;
    await this.audit.record(manager, { actor: null, action: 'user.reinstated', target: { type: 'user', id: user.id, name: user.username }, reason });
    return true;
  }

  /** Throws `account_suspended` while a suspension that locks the user out applies (not a shadow one). */
  async requireNotSuspended(userId: string): Promise<void> {
    const suspension = await this.suspensions.active(userId);
    if (suspension && !suspension.shadow) throw accountSuspended(suspension.suspendedUntil);
  }
}

const notSuspended = () => new DomainError('not_found', 'This user is not suspended.');
