import { Body, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentApiKey } from '../../integrations/http/api-key.guard';
import type { ApiKey } from '../../integrations/store/entities/api-key.entity';
import { SCIM_PATCH, SCIM_USER, SCIM_USER_BODY, scimList } from '../dto/scim-openapi';
import { ListQuery, ScimUsersService } from '../scim-users.service';
import { ScimAnswers, ScimBody, ScimId, ScimIfMatch, ScimListQuery } from './scim-docs';
import { IfMatch, ScimBase, ScimController, withETag } from './scim-request';

type Json = Record<string, unknown>;

/** SCIM Users (RFC 7644 section 3): an API key with the `scim` scope, in its organization. docs/scim.md. */
@ScimController('Users')
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  /** Users, filtered and paged in SQL (`filter`, `startIndex`, `count`). */
  @Get()
  @ScimListQuery()
  @ScimAnswers(200, scimList(SCIM_USER), 400)
  list(@Query() query: ListQuery, @ScimBase() base: string): Promise<Json> {
    return this.users.list(query, base);
  }

  /** One User, with its version as the ETag. */
  @Get(':id')
  @ScimId()
  @ScimAnswers(200, SCIM_USER, 404)
  async get(@Param('id') id: string, @ScimBase() base: string, @Res({ passthrough: true }) res: Response): Promise<Json> {
    return withETag(res, await this.users.get(id, base));
  }

  /** Provisions a User (201); a taken userName is 409 uniqueness. */
  @Post()
  @ScimBody(SCIM_USER_BODY)
  @ScimAnswers(201, SCIM_USER, 400, 409)
  async create(@Body() body: unknown, @ScimBase() base: string, @Res({ passthrough: true }) res: Response): Promise<Json> {
    const user = withETag(res, await this.users.create(body, base));
    res.setHeader('Location', String((user.meta as Json).location));
    return user;
  }

  /** Replaces a User (Okta); `active: false` deactivates, `true` reactivates. */
  @Put(':id')
  @ScimId()
  @ScimIfMatch()
  @ScimBody(SCIM_USER_BODY)
  @ScimAnswers(200, SCIM_USER, 400, 404, 409, 412)
  async replace(
    @Param('id') id: string,
    @Body() body: unknown,
    @IfMatch() ifMatch: string | undefined,
    @ScimBase() base: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Json> {
    return withETag(res, await this.users.replace(id, body, ifMatch, base));
  }

  /** add / replace / remove operations, with or without a path (Entra ID). */
  @Patch(':id')
  @ScimId()
  @ScimIfMatch()
  @ScimBody(SCIM_PATCH)
  @ScimAnswers(200, SCIM_USER, 400, 404, 409, 412)
  async patch(
    @Param('id') id: string,
    @Body() body: unknown,
    @IfMatch() ifMatch: string | undefined,
    @ScimBase() base: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Json> {
    return withETag(res, await this.users.patch(id, body, ifMatch, base));
  }

  /** Deletes the account: logins and sockets end, memberships go, messages stay without a sender. */
  @Delete(':id')
  @ScimId()
  @HttpCode(204)
  @ScimIfMatch()
  @ScimAnswers(204, null, 404, 412)
  remove(@Param('id') id: string, @IfMatch() ifMatch: string | undefined, @CurrentApiKey() key: ApiKey): Promise<void> {
    return this.users.remove(id, ifMatch, key);
  }
}
