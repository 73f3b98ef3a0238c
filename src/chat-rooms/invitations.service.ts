import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/errors/domain-error';
import { buildPage, Page, resolveWindow } from '../common/pagination/page';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { PresenceStore } from '../presence/presence.store';
import { toUserResponse } from '../users/dto/user.response';
import { InviteDto } from './dto/member.dto';
import { InvitationResponse } from './dto/invitation.response';
import { MemberResponse } from './dto/member.response';
import { Invitation } from './entities/invitation.entity';
import { MembershipService } from './membership.service';
import { RoomContext } from './room-access.service';
import { RoomViews } from './room-views';
import { RoomsRepository } from './rooms.repository';
import { invalidPk } from './rooms.service';

const invitationNotFound = () => new DomainError('invitation_not_found', 'Invitation not found.');

/** Invitations from the EduLite LMS flow: owner/admin invites, the invitee accepts (joins) or declines. */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rooms: RoomsRepository,
    private readonly membership: MembershipService,
    private readonly views: RoomViews,
    private readonly presence: PresenceStore,
  ) {}

  async invite(user: AuthUser, { room }: RoomContext, dto: InviteDto): Promise<InvitationResponse> {
    const roomId = room.id;
    if ((await this.rooms.existingUserIds([dto.user_id])).size === 0) throw invalidPk('user_id', [dto.user_id]);
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('room_full', 'A ONE_TO_ONE room has exactly two members.');
    if (await this.rooms.findMembership(roomId, dto.user_id)) {
      throw new DomainError('already_in_room', 'User is already a member of this room.');
    }
    const repo = this.dataSource.getRepository(Invitation);
    const saved = await repo.save(repo.create({ roomId, invitedBy: user.id, inviteeId: dto.user_id }));
    return (await this.respond(user, [saved.id]))[0];
  }

  async listMine(user: AuthUser, query: PageQueryDto, url: URL): Promise<Page<InvitationResponse>> {
    const repo = this.dataSource.getRepository(Invitation);
    const count = await repo.countBy({ inviteeId: user.id, status: 'pending' });
    const window = resolveWindow(query, count);
    const rows = await repo.find({
      select: { id: true },
      where: { inviteeId: user.id, status: 'pending' },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: window.offset,
      take: window.pageSize,
    });
    return buildPage(url, window, count, await this.respond(user, rows.map((r) => r.id)));
  }

  async accept(user: AuthUser, id: string): Promise<MemberResponse> {
    const invitation = await this.requirePending(user, id);
    const room = (await this.rooms.findRoom(invitation.roomId))!;
    return this.membership.admit(user, room, true);
  }

  async decline(user: AuthUser, id: string): Promise<void> {
    await this.requirePending(user, id);
    await this.dataSource.query(`UPDATE invitations SET status = 'declined', responded_at = now() WHERE id = $1`, [id]);
  }

  /** Only the invitee sees an invitation: anyone else gets 404, as if it did not exist. */
  private async requirePending(user: AuthUser, id: string): Promise<Invitation> {
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ id });
    if (!invitation || invitation.inviteeId !== user.id) throw invitationNotFound();
    if (invitation.status !== 'pending') throw new DomainError('conflict', `This invitation was already ${invitation.status}.`);
    return invitation;
  }

  private async respond(viewer: AuthUser, ids: string[]): Promise<InvitationResponse[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(Invitation)
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.inviter', 'inviter')
      .innerJoinAndSelect('i.invitee', 'invitee')
      .innerJoinAndSelect('i.room', 'room')
      .where('i.id IN (:...ids)', { ids })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.map((id) => byId.get(id)!);
    const rooms = await this.views.many(viewer, ordered.map((i) => i.room!));
    const online = await this.presence.onlineAmong(ordered.flatMap((i) => [i.invitedBy, i.inviteeId]));
    return ordered.map((i, index) => ({
      id: i.id,
      room_id: i.roomId,
      room: rooms[index],
      invited_by: toUserResponse(i.inviter!, viewer, online.has(i.invitedBy)),
      invitee: toUserResponse(i.invitee!, viewer, online.has(i.inviteeId)),
      status: i.status,
      created_at: i.createdAt.toISOString(),
    }));
  }
}
