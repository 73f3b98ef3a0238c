import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { RequestUrl } from '../common/decorators/request-url.decorator';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { UuidPipe } from '../common/pipes/uuid.pipe';
import { ApiErrors } from '../common/swagger/api-errors.decorator';
import { AddMembersDto, KickQuery, OnlineResponse, UpdateMemberRoleDto, UpdateMyMembershipDto } from './dto/member.dto';
import { MemberPageResponse, MemberResponse } from './dto/member.response';
import { MembershipService } from './membership.service';

const RoomId = () => Param('id', new UuidPipe('id'));
const UserId = () => Param('userId', new UuidPipe('user_id'));

@ApiTags('members')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id')
export class MembersController {
  constructor(private readonly membership: MembershipService) {}

  /** Page of members (members, or anyone for a public room). */
  @Get('members')
  @ApiErrors(400, 403, 404)
  list(@CurrentUser() user: AuthUser, @RoomId() id: string, @Query() query: PageQueryDto, @RequestUrl() url: URL): Promise<MemberPageResponse> {
    return this.membership.list(user, id, query, url);
  }

  /** Add members (owner/admin; only the owner adds admins); respects max_participants. */
  @Post('members')
  @ApiErrors(400, 403, 404, 409, 429)
  add(@CurrentUser() user: AuthUser, @RoomId() id: string, @Body() dto: AddMembersDto): Promise<MemberResponse[]> {
    return this.membership.add(user, id, dto);
  }

  /** Mute or unmute notifications for myself. */
  @Patch('members/me')
  @ApiErrors(400, 403, 404)
  updateMine(@CurrentUser() user: AuthUser, @RoomId() id: string, @Body() dto: UpdateMyMembershipDto): Promise<MemberResponse> {
    return this.membership.updateMine(user, id, dto);
  }

  /** Change a member's role; `owner` transfers ownership (owner only). */
  @Patch('members/:userId')
  @ApiErrors(400, 403, 404)
  updateRole(@CurrentUser() user: AuthUser, @RoomId() id: string, @UserId() userId: string, @Body() dto: UpdateMemberRoleDto): Promise<MemberResponse> {
    return this.membership.updateRole(user, id, userId, dto);
  }

  /** Remove a member ranked below you; `?ban=true` also bans them from rejoining. */
  @Delete('members/:userId')
  @HttpCode(204)
  @ApiErrors(400, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @RoomId() id: string, @UserId() userId: string, @Query() query: KickQuery): Promise<void> {
    return this.membership.remove(user, id, userId, query.ban === 'true' || query.ban === '1');
  }

  /** Join a public room, or a room you have a pending invitation to. */
  @Post('join')
  @HttpCode(200)
  @ApiErrors(400, 403, 404, 409)
  join(@CurrentUser() user: AuthUser, @RoomId() id: string): Promise<MemberResponse> {
    return this.membership.join(user, id);
  }

  /** Leave; an owner hands the room on; the last member's leaving deletes it. */
  @Post('leave')
  @HttpCode(204)
  @ApiErrors(400, 403, 404, 409)
  leave(@CurrentUser() user: AuthUser, @RoomId() id: string): Promise<void> {
    return this.membership.leave(user, id);
  }

  /** Which members are online now. */
  @Get('online')
  @ApiErrors(400, 403, 404)
  online(@CurrentUser() user: AuthUser, @RoomId() id: string): Promise<OnlineResponse> {
    return this.membership.online(user, id);
  }
}
