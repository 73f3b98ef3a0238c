import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { PageQueryDto } from '../../../core/pagination/page-query.dto';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { AddMembersDto, KickQuery, OnlineResponse, UpdateMemberRoleDto, UpdateMyMembershipDto } from '../dto/member.dto';
import { MemberPageResponse, MemberResponse } from '../dto/member.response';
import { MembershipService } from '../membership.service';
import { InvitationsService } from '../invitations.service';
import { CurrentRoom, RoomRoute } from './room-access.guard';
import { RoomContext } from '../room-access.service';

const UserId = () => Param('userId', new UuidPipe('user_id'));

@ApiTags('members')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id')
export class MembersController {
  constructor(
    private readonly membership: MembershipService,
    private readonly invitations: InvitationsService,
  ) {}

  /** Page of members (members, or anyone for a public room). */
  @Get('members')
  @RoomRoute('room.read')
  @ApiErrors(400, 403, 404)
  list(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: PageQueryDto,
    @RequestUrl() url: URL,
  ): Promise<MemberPageResponse> {
    return this.membership.list(user, room, query, url);
  }

  /** Add members (owner/admin; only the owner adds admins); respects max_participants. */
  @Post('members')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404, 409, 429)
  add(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Body() dto: AddMembersDto): Promise<MemberResponse[]> {
    return this.membership.add(user, room, dto);
  }

  /** Mute or unmute notifications for myself. */
  @Patch('members/me')
  @RoomRoute('room.member')
  @ApiErrors(400, 403, 404)
  updateMine(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Body() dto: UpdateMyMembershipDto): Promise<MemberResponse> {
    return this.membership.updateMine(user, room, dto);
  }

  /** Change a member's role (`owner` transfers ownership, owner only) and/or mute them until `muted_until` (owner/admin). */
  @Patch('members/:userId')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  updateMember(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @UserId() userId: string,
    @Body() dto: UpdateMemberRoleDto,
  ): Promise<MemberResponse> {
    return this.membership.updateMember(user, room, userId, dto);
  }

  /** Remove a member ranked below you; `?ban=true` also bans them from rejoining. */
  @Delete('members/:userId')
  @RoomRoute('room.manage')
  @HttpCode(204)
  @ApiErrors(400, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @UserId() userId: string, @Query() query: KickQuery): Promise<void> {
    return this.membership.remove(user, room, userId, query.ban === 'true' || query.ban === '1', query.reason);
  }

  /** Join a public room, or a room you have a pending invitation to. */
  @Post('join')
  @RoomRoute('room.see')
  @HttpCode(200)
  @ApiErrors(400, 403, 404, 409)
  join(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<MemberResponse> {
    return this.invitations.join(user, room);
  }

  /** Leave; an owner hands the room on; the last member's leaving deletes it. */
  @Post('leave')
  @RoomRoute('room.member')
  @HttpCode(204)
  @ApiErrors(400, 403, 404, 409)
  leave(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<void> {
    return this.membership.leave(user, room);
  }

  /** Which members are online now. */
  @Get('online')
  @RoomRoute('room.read')
  @ApiErrors(400, 403, 404)
  online(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<OnlineResponse> {
    return this.membership.online(user, room);
  }
}
