import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { UserLimits } from '../../core/throttling/user-limits';
import { Policy } from '../../core/policy/policy';

/**
 * The abuse budgets of room management (docs/limits-abuse.md). Each is spent once a
 * request has passed its checks, just before the write. Global admins (operators and
 * the platform's server API) are not limited.
 */
@Injectable()
export class RoomLimits {
  constructor(private readonly limits: UserLimits) {}

  async roomCreated(user: AuthUser): Promise<void> {
    if (!Policy.can(user, 'limits.exempt')) await this.limits.consume('room_create', user.id);
  }

  /** Users put into a room without their consent: the actor's budget, then each target's. */
  async usersAdded(user: AuthUser, targetIds: string[]): Promise<void> {
    if (Policy.can(user, 'limits.exempt') || targetIds.length === 0) return;
    await this.limits.consume('member_add', user.id, targetIds.length);
    for (const targetId of targetIds) await this.limits.consume('member_added', targetId);
  }

  /** An invitation: the inviter's budget, this room's for that invitee (invite/decline loops), the invitee's. */
  async invited(user: AuthUser, roomId: string, inviteeId: string): Promise<void> {
    if (Policy.can(user, 'limits.exempt')) return;
    await this.limits.consume('invite', user.id);
    await this.limits.consume('invite_repeat', `${roomId}:${inviteeId}`);
    await this.limits.consume('member_added', inviteeId);
  }
}
