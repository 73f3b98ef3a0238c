import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { IdCursorQuery } from '../../../core/pagination/id-cursor.query';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CreateLegalHoldDto, LegalHoldPageResponse, LegalHoldResponse } from '../dto/legal-hold.dto';
import { LegalHoldsService } from '../legal-holds.service';

/** Legal holds, by global admins (docs/compliance.md). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  /**
   * Place a hold on users and rooms: while it applies, retention keeps their messages (with their
   * earlier versions and attachments), erasure keeps the originals, and a held room cannot be
   * deleted (409 `legal_hold`). Audited (`legal_hold.created`).
   */
  @Post()
  @ApiErrors(400, 401, 403, 404)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateLegalHoldDto): Promise<LegalHoldResponse> {
    return this.holds.create(user, dto);
  }

  /** Every hold, released ones too, newest first (`?before=<id>&limit=`). */
  @Get()
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() query: IdCursorQuery, @RequestUrl() url: URL): Promise<LegalHoldPageResponse> {
    return this.holds.list(user, query, url);
  }

  /** One hold, with its targets and who placed and released it. */
  @Get(':id')
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<LegalHoldResponse> {
    return this.holds.get(user, id);
  }

  /** Release the hold (audited, `legal_hold.released`): its records are subject to retention again. 409 when already released. */
  @Post(':id/release')
  @HttpCode(200)
  @ApiErrors(400, 401, 403, 404, 409)
  release(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<LegalHoldResponse> {
    return this.holds.release(user, id);
  }
}
