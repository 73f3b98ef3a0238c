import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { PageQueryDto } from '../../../core/pagination/page-query.dto';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { InviteDto } from '../dto/member.dto';
import { InvitationPageResponse, InvitationResponse } from '../dto/invitation.response';
import { MemberResponse } from '../dto/member.response';
import { InvitationsService } from '../invitations.service';
import { CurrentRoom, RoomRoute } from './room-access.guard';
import { RoomContext } from '../room-access.service';

@ApiTags('invitations')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Invite a user (owner/admin); one pending invitation per room and invitee. */
  @Post('rooms/:id/invitations')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404, 409, 429)
  invite(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Body() dto: InviteDto): Promise<InvitationResponse> {
    return this.invitations.invite(user, room, dto);
  }

  /** The room's pending invitations, newest first (owner/admin). */
  @Get('rooms/:id/invitations')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  forRoom(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: PageQueryDto,
    @RequestUrl() url: URL,
  ): Promise<InvitationPageResponse> {
    return this.invitations.listForRoom(user, room, query, url);
  }

  /** Withdraw a pending invitation (owner/admin); it stays on record as `withdrawn`. */
  @Delete('rooms/:id/invitations/:invitationId')
  @HttpCode(204)
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404, 409)
  withdraw(@CurrentRoom() room: RoomContext, @Param('invitationId', new UuidPipe('invitation_id')) invitationId: string): Promise<void> {
    return this.invitations.withdraw(room, invitationId);
  }

  /** My pending invitations, newest first: what an invitee may see of each room before accepting. */
  @Get('invitations')
  @ApiErrors(404)
  mine(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto, @RequestUrl() url: URL): Promise<InvitationPageResponse> {
    return this.invitations.listMine(user, query, url);
  }

  /** Accept (invitee only): joins the room. */
  @Post('invitations/:id/accept')
  @HttpCode(200)
  @ApiErrors(400, 404, 409)
  accept(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<MemberResponse> {
    return this.invitations.accept(user, id);
  }

  /** Decline (invitee only). */
  @Post('invitations/:id/decline')
  @HttpCode(204)
  @ApiErrors(400, 404, 409)
  decline(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<void> {
    return this.invitations.decline(user, id);
  }
}
