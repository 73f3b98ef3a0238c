import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { ThreadPageResponse } from '../dto/thread-page.response';
import { ThreadQuery } from '../dto/thread.query';
import { ThreadsService } from '../threads.service';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { RoomContext } from '../../rooms/room-access.service';

@ApiTags('threads')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('rooms/:id/messages/:messageId/thread')
export class ThreadsController {
  constructor(private readonly threads: ThreadsService) {}

  /** A thread's root and replies by keyset (`before` / `after` a seq, like history); readers of the room. Reply with `thread_root_id` on send. */
  @Get()
  @ApiErrors(400, 403, 404)
  @RoomRoute('room.read')
  page(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Param('messageId', new UuidPipe('message_id')) messageId: string,
    @Query() query: ThreadQuery,
    @RequestUrl() url: URL,
  ): Promise<ThreadPageResponse> {
    return this.threads.page(user, room, messageId, query, url);
  }
}
