import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { RoomContext } from '../../rooms/room-access.service';
import { RoomOpenQuery } from '../dto/room-open.query';
import { RoomOpenResponse } from '../dto/room-open.response';
import { RoomOpenService } from '../room-open.service';

@ApiTags('rooms')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id')
export class RoomOpenController {
  constructor(private readonly opening: RoomOpenService) {}

  /**
   * Open a room in one request (readers): the room, its newest history page and its first members
   * page, each as its own route answers it, and the caller's read position. Marks nothing read:
   * send the socket's `read` (or POST /rooms/{id}/read) once the messages are shown.
   */
  @Get('open')
  @RoomRoute('room.read')
  @ApiErrors(400, 403, 404)
  open(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: RoomOpenQuery,
    @RequestUrl() url: URL,
  ): Promise<RoomOpenResponse> {
    return this.opening.open(user, room, query, url);
  }
}
