import { Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../core/decorators/public.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { UnsubscribeQuery } from '../dto/unsubscribe.dto';
import { UnsubscribeService } from '../unsubscribe.service';

/** The link in every digest email: no login, the signed link stands for its user. */
@ApiTags('notifications')
@Public()
@Controller('notifications/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly unsubscribe: UnsubscribeService) {}

  /** A page with a button that confirms (a GET never unsubscribes: mail scanners follow links). */
  @Get()
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A confirmation page.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiErrors(400)
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  page(@Query() query: UnsubscribeQuery): string {
    return this.unsubscribe.page(query);
  }

  /** Stops email digests (RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click`). */
  @Post()
  @HttpCode(204)
  @ApiErrors(400)
  confirm(@Query() query: UnsubscribeQuery): Promise<void> {
    return this.unsubscribe.confirm(query);
  }
}
