import { Controller, Delete, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { PageQueryDto } from '../../../core/pagination/page-query.dto';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { BlocksService } from '../blocks.service';
import { BlockPageResponse } from '../dto/block.response';

@ApiTags('blocks')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('users/me/blocks')
export class BlocksController {
  constructor(private readonly blocks: BlocksService) {}

  /** Users I blocked, newest first. */
  @Get()
  @ApiErrors(404)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto, @RequestUrl() url: URL): Promise<BlockPageResponse> {
    return this.blocks.list(user, query, url);
  }

  /** Block a user (idempotent: 201 when new, 204 when already blocked). */
  @Put(':userId')
  @ApiResponse({ status: 201, description: 'Blocked.' })
  @ApiResponse({ status: 204, description: 'Was already blocked.' })
  @ApiErrors(400, 404)
  async block(
    @CurrentUser() user: AuthUser,
    @Param('userId', new UuidPipe('user_id')) userId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const { created } = await this.blocks.block(user, userId);
    res.status(created ? 201 : 204);
  }

  /** Unblock (idempotent). */
  @Delete(':userId')
  @HttpCode(204)
  @ApiErrors(400)
  unblock(@CurrentUser() user: AuthUser, @Param('userId', new UuidPipe('user_id')) userId: string): Promise<void> {
    return this.blocks.unblock(user, userId);
  }
}
