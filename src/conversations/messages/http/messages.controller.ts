import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { EditMessageDto, HistoryQuery, ReadDto, SearchQuery, SendMessageDto } from '../dto/message.dto';
import { MessagePageResponse, ReadResponse, ReceiptsResponse } from '../dto/message-page.response';
import { MessageResponse } from '../dto/message.response';
import { MessagesService } from '../messages.service';
import { MessageRevisionsService } from '../message-revisions.service';
import { MessageRevisionPageResponse, RevisionsQuery } from '../dto/message-revision.response';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { MemberContext, RoomContext } from '../../rooms/room-access.service';

const RoomId = () => Param('id', new UuidPipe('id'));
const MessageId = () => Param('messageId', new UuidPipe('message_id'));

@ApiTags('messages')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly revisionsService: MessageRevisionsService,
  ) {}

  /** History by keyset: the newest page, or `before` / `after` a seq; results ascending. */
  @Get('messages')
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  history(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: HistoryQuery,
    @RequestUrl() url: URL,
  ): Promise<MessagePageResponse> {
    return this.messages.history(user, room, query, url);
  }

  /** Send (members). A repeated `client_message_id` returns the first message with 200. */
  @Post('messages')
  @ApiResponse({ status: 201, type: MessageResponse })
  @ApiResponse({ status: 200, type: MessageResponse, description: 'Retry of a known client_message_id: nothing written.' })
  @ApiErrors(400, 403, 404, 409, 422, 429)
  async send(
    @CurrentUser() user: AuthUser,
    @RoomId() id: string,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageResponse> {
    const { created, message } = await this.messages.send(user, id, dto);
    res.status(created ? 201 : 200);
    return message;
  }

  /** Full-text search in this room (newest matches first, by page). */
  @Get('messages/search')
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  search(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Query() query: SearchQuery,
    @RequestUrl() url: URL,
  ): Promise<MessagePageResponse> {
    return this.messages.search(user, room, query, url);
  }

  /** One message of the room. */
  @Get('messages/:messageId')
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  get(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @MessageId() messageId: string): Promise<MessageResponse> {
    return this.messages.get(user, room, messageId);
  }

  /** Edit your own message; sets `edited_at`. */
  @Patch('messages/:messageId')
  @ApiErrors(400, 403, 404, 409, 422, 429)
  @RoomRoute('room.member')
  edit(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: MemberContext,
    @MessageId() messageId: string,
    @Body() dto: EditMessageDto,
  ): Promise<MessageResponse> {
    return this.messages.edit(user, room, messageId, dto);
  }

  /** Delete (sender, room owner/admin, global admin): a tombstone that keeps its seq. */
  @Delete('messages/:messageId')
  @HttpCode(204)
  @ApiErrors(400, 403, 404, 429)
  @RoomRoute('room.read')
  remove(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @MessageId() messageId: string): Promise<void> {
    return this.messages.remove(user, room, messageId);
  }

  /** Who has read up to this message. */
  @Get('messages/:messageId/receipts')
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  receipts(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @MessageId() messageId: string): Promise<ReceiptsResponse> {
    return this.messages.receipts(user, room, messageId);
  }

  /**
   * A message's earlier versions, newest first (keyset on `version`): what each edit replaced and
   * what a deletion blanked. The sender while the message lives; the room's owners and admins and
   * global admins always (docs/compliance.md).
   */
  @Get('messages/:messageId/revisions')
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  revisions(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @MessageId() messageId: string,
    @Query() query: RevisionsQuery,
    @RequestUrl() url: URL,
  ): Promise<MessageRevisionPageResponse> {
    return this.revisionsService.list(user, room, messageId, query, url);
  }

  /** Mark read up to `seq` (default: latest); never moves backwards. */
  @Post('read')
  @HttpCode(200)
  @ApiErrors(400, 403, 404, 429)
  @RoomRoute('room.member')
  read(@CurrentUser() user: AuthUser, @CurrentRoom() room: MemberContext, @Body() dto: ReadDto): Promise<ReadResponse> {
    return this.messages.read(user, room, dto);
  }
}
