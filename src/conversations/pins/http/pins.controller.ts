import { Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { TimeCursorQuery as PinPageQuery } from '../../../core/pagination/time-cursor.query';
import { MessageResponse } from '../../messages/dto/message.response';
import { PinPageResponse } from '../dto/pin-page.response';
import { PinsService } from '../pins.service';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { RoomContext } from '../../rooms/room-access.service';

const MessageId = () => Param('messageId', new UuidPipe('message_id'));

@ApiTags('pins')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id/pins')
export class PinsController {
  constructor(private readonly pins: PinsService) {}

  /** The room's pinned messages, newest pin first (readers of the room). */
  @Get()
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  list(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: PinPageQuery,
    @RequestUrl() url: URL,
  ): Promise<PinPageResponse> {
    return this.pins.list(user, room, query, url);
  }

  /** Pin (room owners and admins; idempotent); at most 50 per room. */
  @Put(':messageId')
  @ApiErrors(400, 403, 404, 409)
  @RoomRoute('room.manage')
  pin(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @MessageId() messageId: string): Promise<MessageResponse> {
    return this.pins.pin(user, room, messageId);
  }

  /** Unpin (room owners and admins; idempotent). */
  @Delete(':messageId')
  @HttpCode(204)
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.manage')
  unpin(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @MessageId() messageId: string): Promise<void> {
    return this.pins.unpin(user, room, messageId);
  }
}
