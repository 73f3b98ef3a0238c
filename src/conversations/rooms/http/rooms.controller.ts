import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CreateRoomDto } from '../dto/create-room.dto';
import { DirectRoomDto, InitiateRoomDto } from '../dto/direct-room.dto';
import { ListRoomsQuery } from '../dto/list-rooms.query';
import { RoomPageResponse, RoomResponse, RoomWithIsNewResponse } from '../dto/room.response';
import { ReasonQuery, UpdateRoomDto } from '../dto/update-room.dto';
import { RoomsService } from '../rooms.service';
import { CurrentRoom, RoomRoute } from './room-access.guard';
import { RoomContext } from '../room-access.service';

@ApiTags('rooms')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  /** Rooms I am a member of, newest activity first. */
  @Get()
  @ApiErrors(400, 404)
  mine(@CurrentUser() user: AuthUser, @Query() query: ListRoomsQuery, @RequestUrl() url: URL): Promise<RoomPageResponse> {
    return this.rooms.list(user, query, url, 'mine');
  }

  /** Public rooms anyone may join (and SUPPORT rooms, for support agents). */
  @Get('public')
  @ApiErrors(400, 404)
  public(@CurrentUser() user: AuthUser, @Query() query: ListRoomsQuery, @RequestUrl() url: URL): Promise<RoomPageResponse> {
    return this.rooms.list(user, query, url, 'public');
  }

  /** Create a room; the creator is its owner. ONE_TO_ONE with one participant behaves like /rooms/direct. */
  @Post()
  @ApiResponse({ status: 201, type: RoomResponse })
  @ApiResponse({ status: 200, type: RoomResponse, description: 'ONE_TO_ONE room that already existed.' })
  @ApiErrors(400, 403, 404, 429)
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateRoomDto, @Res({ passthrough: true }) res: Response): Promise<RoomResponse> {
    const { isNew, room } = await this.rooms.create(user, dto);
    res.status(isNew ? 201 : 200);
    return room;
  }

  /** The one ONE_TO_ONE room of the caller and `user_id`, created if missing (201) or found (200). */
  @Post('direct')
  @ApiResponse({ status: 201, type: RoomWithIsNewResponse })
  @ApiResponse({ status: 200, type: RoomWithIsNewResponse })
  @ApiErrors(400, 404, 429)
  async direct(@CurrentUser() user: AuthUser, @Body() dto: DirectRoomDto, @Res({ passthrough: true }) res: Response): Promise<RoomWithIsNewResponse> {
    const result = await this.rooms.direct(user, dto.user_id);
    res.status(result.is_new ? 201 : 200);
    return result;
  }

  /** The room of `room_type` whose members are exactly the caller plus `user_ids`, else a new one. */
  @Post('initiate')
  @ApiResponse({ status: 201, type: RoomWithIsNewResponse })
  @ApiResponse({ status: 200, type: RoomWithIsNewResponse })
  @ApiErrors(400, 404, 429)
  async initiate(
    @CurrentUser() user: AuthUser,
    @Body() dto: InitiateRoomDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RoomWithIsNewResponse> {
    const result = await this.rooms.initiate(user, dto);
    res.status(result.is_new ? 201 : 200);
    return result;
  }

  /** A room: members, or anyone for a public room. */
  @Get(':id')
  @RoomRoute('room.read')
  @ApiErrors(400, 403, 404)
  get(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<RoomResponse> {
    return this.rooms.get(user, room);
  }

  /** Update name, description, meta, max_participants, visibility (owner/admin). */
  @Patch(':id')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  update(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Body() dto: UpdateRoomDto): Promise<RoomResponse> {
    return this.rooms.update(user, room, dto);
  }

  /** Same as PATCH (fields left out keep their value). */
  @Put(':id')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  replace(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Body() dto: UpdateRoomDto): Promise<RoomResponse> {
    return this.rooms.update(user, room, dto);
  }

  /** Delete the room with its messages and members (owner or global admin); 409 `legal_hold` while a legal hold applies to it. */
  @Delete(':id')
  @HttpCode(204)
  @RoomRoute('room.own')
  @ApiErrors(400, 403, 404, 409)
  remove(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<void> {
    return this.rooms.remove(user, room);
  }

  /** Refuse new messages (`room_inactive`); history stays readable. */
  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.manage')
  deactivate(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<RoomResponse> {
    return this.rooms.setActive(user, room, false);
  }

  /** Accept new messages again (undoes deactivate). */
  @Post(':id/activate')
  @HttpCode(200)
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.manage')
  activate(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<RoomResponse> {
    return this.rooms.setActive(user, room, true);
  }

  /** Archive: read-only for everyone (history, search, files and receipts stay readable), listed under `?archived=true`. */
  @Post(':id/archive')
  @HttpCode(200)
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.manage')
  archive(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Query() query: ReasonQuery): Promise<RoomResponse> {
    return this.rooms.setArchived(user, room, true, query.reason);
  }

  /** Undo archive (audited with the optional reason). */
  @Post(':id/unarchive')
  @HttpCode(200)
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.manage')
  unarchive(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Query() query: ReasonQuery): Promise<RoomResponse> {
    return this.rooms.setArchived(user, room, false, query.reason);
  }
}
