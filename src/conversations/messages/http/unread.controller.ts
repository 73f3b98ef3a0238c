import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { UnreadSummaryResponse } from '../dto/message-page.response';
import { MessagesService } from '../messages.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me')
export class UnreadController {
  constructor(private readonly messages: MessagesService) {}

  /** Unread counts of my rooms (only rooms with unread messages are listed). */
  @Get('unread')
  @ApiErrors(401)
  unread(@CurrentUser() user: AuthUser): Promise<UnreadSummaryResponse> {
    return this.messages.unreadSummary(user);
  }
}
