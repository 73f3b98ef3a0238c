import { Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { TimeCursorQuery as ReactorPageQuery } from '../../../core/pagination/time-cursor.query';
import { ReactionResponse, ReactorPageResponse } from '../dto/reaction.response';
import { EmojiPipe } from '../emoji.pipe';
import { ReactionsService } from '../reactions.service';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { MemberContext, RoomContext } from '../../rooms/room-access.service';

const MessageId = () => Param('messageId', new UuidPipe('message_id'));
const Emoji = () => Param('emoji', new EmojiPipe());

@ApiTags('reactions')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id/messages/:messageId/reactions/:emoji')
export class ReactionsController {
  constructor(private readonly reactions: ReactionsService) {}

  /** React (members; idempotent). `emoji`: one Unicode emoji (URL-encoded) or a `:short_name:`; at most 50 distinct per message. */
  @Put()
  @ApiErrors(400, 403, 404, 409)
  @RoomRoute('room.member')
  add(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: MemberContext,
    @MessageId() messageId: string,
    @Emoji() emoji: string,
  ): Promise<ReactionResponse> {
    return this.reactions.add(user, room, messageId, emoji);
  }

  /** Take your reaction back (members; idempotent). */
  @Delete()
  @HttpCode(204)
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.member')
  remove(@CurrentUser() user: AuthUser, @CurrentRoom() room: MemberContext, @MessageId() messageId: string, @Emoji() emoji: string): Promise<void> {
    return this.reactions.remove(user, room, messageId, emoji);
  }

  /** Who reacted with this emoji, in order of reacting (keyset: follow `next`). */
  @Get()
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  reactors(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @MessageId() messageId: string,
    @Emoji() emoji: string,
    @Query() query: ReactorPageQuery,
    @RequestUrl() url: URL,
  ): Promise<ReactorPageResponse> {
    return this.reactions.reactors(user, room, messageId, emoji, query, url);
  }
}
