import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { BlocksService } from '../../identity/blocks/blocks.service';
import { DomainError } from '../../core/errors/domain-error';
import { buildPage, Page, resolveWindow } from '../../core/pagination/page';
import { PageQueryDto } from '../../core/pagination/page-query.dto';
import { PresenceStore } from '../../identity/presence/presence.store';
import { toUserResponse } from '../../identity/users/dto/user.response';
import { InviteDto } from './dto/member.dto';
import { InvitationResponse } from './dto/invitation.response';
import { MemberResponse } from './dto/member.response';
import { Invitation } from './store/entities/invitation.entity';
import { MembershipService } from './membership.service';
import { RoomAccess, RoomContext } from './room-access.service';
import { RoomLimits } from './room-limits';
import { InvitationFilter, InvitationsRepository } from './store/invitations.repository';
import { RoomsRepository } from './store/rooms.repository';
import { invalidPk } from './rooms.service';
import { userBanned } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { NEUTRAL_VIEWER } from '../../core/events/neutral-viewer';

const invitationNotFound = () => new DomainError('invitation_not_found', 'Invitation not found.');

/** Invitations from the EduLite LMS flow: owner/admin invites, the invitee accepts (joins) or declines. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly rooms: RoomsRepository,
    private readonly membership: MembershipService,
    private readonly presence: PresenceStore,
    private readonly limits: RoomLimits,
    private readonly blocks: BlocksService,
    private readonly events: DomainEvents,
    private readonly access: RoomAccess,
  ) {}

  /** `room`: checked for owner/admin by the route's guard. */
  async invite(user: AuthUser, { room }: RoomContext, dto: InviteDto): Promise<InvitationResponse> {
    const roomId = room.id;
    if ((await this.rooms.existingUserIds([dto.user_id])).size === 0) throw invalidPk('user_id', [dto.user_id]);
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('room_full', 'A ONE_TO_ONE room has exactly two members.');
    if (await this.rooms.findMembership(roomId, dto.user_id)) {
      throw new DomainError('already_in_room', 'User is already a member of this room.');
    }
    if (await this.rooms.isBanned(roomId, dto.user_id)) throw userBanned();
    await this.blocks.requireNotBlockedBy(user.id, [dto.user_id]);
    await this.limits.invited(user, roomId, dto.user_id);
    const saved = await this.invitations.insert({ roomId, invitedBy: user.id, inviteeId: dto.user_id });
    const [mine, everyone] = await Promise.all([this.respond(user, [saved.id]), this.respond(NEUTRAL_VIEWER, [saved.id])]);
    this.events.publish('InvitationCreated', { inviteeId: dto.user_id, invitation: everyone[0] });
    return mine[0];
  }

  async listMine(user: AuthUser, query: PageQueryDto, url: URL): Promise<Page<InvitationResponse>> {
    return this.page(user, { inviteeId: user.id, status: 'pending' }, query, url);
  }

  /** A room's pending invitations (owner/admin), newest first. */
  async listForRoom(user: AuthUser, { room }: RoomContext, query: PageQueryDto, url: URL): Promise<Page<InvitationResponse>> {
    return this.page(user, { roomId: room.id, status: 'pending' }, query, url);
  }

  /** Withdraw a pending invitation (owner/admin): it stays on record as `withdrawn`. */
  async withdraw({ room }: RoomContext, id: string): Promise<void> {
    const invitation = await this.invitations.findInRoom(id, room.id);
    if (!invitation) throw invitationNotFound();
    await this.respondTo(invitation, 'withdrawn');
    await this.announceUpdated(invitation);
  }

  async accept(user: AuthUser, id: string): Promise<MemberResponse> {
    const invitation = await this.requirePending(user, id);
    const room = (await this.rooms.findRoom(invitation.roomId))!;
    const { member, acceptedInvitationIds } = await this.membership.admit(user, room, true);
    await this.announceAccepted(acceptedInvitationIds);
    return member;
  }

  /** Joining a room (POST /rooms/{id}/join) accepts a pending invitation to it: announced like an acceptance. */
  async join(user: AuthUser, context: RoomContext): Promise<MemberResponse> {
    const { member, acceptedInvitationIds } = await this.membership.join(user, context);
    await this.announceAccepted(acceptedInvitationIds);
    return member;
  }

  private async announceAccepted(ids: string[]): Promise<void> {
    for (const id of ids) {
      const invitation = await this.invitations.findById(id);
      if (invitation) await this.announceUpdated(invitation);
    }
  }

  async decline(user: AuthUser, id: string): Promise<void> {
    const invitation = await this.requirePending(user, id);
    await this.respondTo(invitation, 'declined');
    await this.announceUpdated(invitation);
  }

  /** After an answer or a withdrawal: the invitee, the inviter and the room's managers hear the invitation as it is now. */
  private async announceUpdated(invitation: Invitation): Promise<void> {
    const room = await this.rooms.findRoom(invitation.roomId);
    const [[now], managers] = await Promise.all([this.respond(NEUTRAL_VIEWER, [invitation.id]), room ? this.access.managerIds(room) : []]);
    if (!now) return;
    const recipientIds = [...new Set([invitation.inviteeId, invitation.invitedBy, ...managers])];
    this.events.publish('InvitationUpdated', { recipientIds, invitation: now });
  }

  /** Only the invitee sees an invitation: anyone else gets 404, as if it did not exist. */
  private async requirePending(user: AuthUser, id: string): Promise<Invitation> {
    const invitation = await this.invitations.findById(id);
    if (!invitation || invitation.inviteeId !== user.id) throw invitationNotFound();
    if (invitation.status !== 'pending') throw new DomainError('conflict', `This invitation was already ${invitation.status}.`);
    return invitation;
  }

  /** Ends a pending invitation; a concurrent answer (accepted meanwhile, say) is a 409. */
  private async respondTo(invitation: Invitation, status: 'declined' | 'withdrawn'): Promise<void> {
    if (!(await this.invitations.endPending(invitation.id, status))) throw new DomainError('conflict', 'This invitation is no longer pending.');
  }

  private async page(user: AuthUser, filter: InvitationFilter, query: PageQueryDto, url: URL): Promise<Page<InvitationResponse>> {
    const count = await this.invitations.count(filter);
    const window = resolveWindow(query, count);
    const ids = await this.invitations.pageIds(filter, window.offset, window.pageSize);
    return buildPage(url, window, count, await this.respond(user, ids));
  }

  /** The REST view of invitations, in the order of `ids` (also what an `invitation.created` webhook carries, for a neutral viewer). */
  async respond(viewer: AuthUser, ids: string[]): Promise<InvitationResponse[]> {
    if (ids.length === 0) return [];
    const rows = await this.invitations.withParties(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.flatMap((id) => byId.get(id) ?? []);
    const online = await this.presence.onlineAmong(ordered.flatMap((i) => [i.invitedBy, i.inviteeId]));
    return ordered.map((i) => ({
      id: i.id,
      room_id: i.roomId,
      room: {
        id: i.room!.id,
        name: i.room!.name,
        room_type: i.room!.roomType,
        visibility: i.room!.visibility,
        participant_count: i.room!.participantCount,
        created_at: i.room!.createdAt.toISOString(),
      },
      invited_by: toUserResponse(i.inviter!, viewer, online.has(i.invitedBy)),
      invitee: toUserResponse(i.invitee!, viewer, online.has(i.inviteeId)),
      status: i.status,
      created_at: i.createdAt.toISOString(),
    }));
  }
}
