import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { RoomContext } from '../../rooms/room-access.service';
import { HeldMessagePageResponse, HeldMessagesQuery, RejectMessageDto } from '../dto/held-message.dto';
import { MessageResponse } from '../dto/message.response';
import { HeldMessagesService } from '../held-messages.service';

const MessageId = () => Param('messageId', new UuidPipe('message_id'));

/**
 * The room's review queue (docs/compliance.md): messages a hold rule or the pre-send hook held. The room's
 * owners and admins and global admins; other members get 403, anyone else 404.
 */
@ApiTags('messages')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id/held-messages')
export class HeldMessagesController {
  constructor(private readonly held: HeldMessagesService) {}

  /** The held messages, oldest first, by keyset (`after` a seq). */
  @Get()
  @ApiErrors(400, 403, 404)
  @RoomRoute('message.review')
  list(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: HeldMessagesQuery,
    @RequestUrl() url: URL,
  ): Promise<HeldMessagePageResponse> {
    return this.held.list(user, room, query, url);
  }

  /**
   * Publish it: it takes the room's next seq and reaches the room as `message:new`, with its webhooks,
   * mentions and notifications, as a new message would. Audited (`message.approved`). 409 when not held.
   */
  @Post(':messageId/approve')
  @HttpCode(200)
  @ApiErrors(400, 403, 404, 409)
  @RoomRoute('message.review')
  approve(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @MessageId() messageId: string): Promise<MessageResponse> {
    return this.held.approve(user, room, messageId);
  }

  /** Delete it (a tombstone only its sender and the moderators ever see). Audited (`message.rejected`). 409 when not held. */
  @Post(':messageId/reject')
  @HttpCode(204)
  @ApiErrors(400, 403, 404, 409)
  @RoomRoute('message.review')
  reject(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @MessageId() messageId: string,
    @Body() dto: RejectMessageDto,
  ): Promise<void> {
    return this.held.reject(user, room, messageId, dto);
  }
}
