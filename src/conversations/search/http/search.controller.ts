import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { SearchPageResponse } from '../dto/search-hit.response';
import { GlobalSearchQuery } from '../dto/search.query';
import { SearchService } from '../search.service';

@ApiTags('search')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('messages/search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** Full-text search in every room I can read (stemmed, last word as a prefix, "phrases"), newest first; each hit with its room. */
  @Get()
  @ApiErrors(400)
  everywhere(@CurrentUser() user: AuthUser, @Query() query: GlobalSearchQuery, @RequestUrl() url: URL): Promise<SearchPageResponse> {
    return this.search.everywhere(user, query, url);
  }
}
