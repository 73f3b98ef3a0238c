import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { TimeCursorQuery as MentionPageQuery } from '../../../core/pagination/time-cursor.query';
import { MentionPageResponse } from '../dto/mention-page.response';
import { MentionsService } from '../mentions.service';

@ApiTags('mentions')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('users/me/mentions')
export class MentionsController {
  constructor(private readonly mentions: MentionsService) {}

  /** Messages that mention me (by `@username` or `@room`), newest first, in rooms I am a member of; keyset: follow `next`. */
  @Get()
  @ApiErrors(400)
  mine(@CurrentUser() user: AuthUser, @Query() query: MentionPageQuery, @RequestUrl() url: URL): Promise<MentionPageResponse> {
    return this.mentions.mine(user, query, url);
  }
}
