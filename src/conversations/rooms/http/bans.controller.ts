import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { PageQueryDto } from '../../../core/pagination/page-query.dto';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { BansService } from '../bans.service';
import { BanPageResponse } from '../dto/ban.response';
import { CurrentRoom, RoomRoute } from './room-access.guard';
import { RoomContext } from '../room-access.service';

@ApiTags('members')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id/bans')
export class BansController {
  constructor(private readonly bans: BansService) {}

  /** Users banned from the room, oldest ban first (owner/admin). */
  @Get()
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  list(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: PageQueryDto,
    @RequestUrl() url: URL,
  ): Promise<BanPageResponse> {
    return this.bans.list(user, room, query, url);
  }

  /** Lift a ban (owner/admin): the only way a banned user can come back. */
  @Delete(':userId')
  @HttpCode(204)
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  unban(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Param('userId', new UuidPipe('user_id')) userId: string): Promise<void> {
    return this.bans.unban(user, room, userId);
  }
}
