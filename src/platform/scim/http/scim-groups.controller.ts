import { Body, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentApiKey } from '../../integrations/http/api-key.guard';
import type { ApiKey } from '../../integrations/store/entities/api-key.entity';
import { SCIM_PATCH, SCIM_GROUP, SCIM_GROUP_BODY, scimList } from '../dto/scim-openapi';
import { ScimGroupsService } from '../scim-groups.service';
import type { ListQuery } from '../scim-users.service';
import { ScimAnswers, ScimBody, ScimId, ScimIfMatch, ScimListQuery } from './scim-docs';
import { IfMatch, ScimBase, ScimController, withETag } from './scim-request';

type Json = Record<string, unknown>;
type GroupListQuery = ListQuery & { excludedAttributes?: string };

/** SCIM Groups: each a private room of the organization, its members the room's (the roster diff). docs/scim.md. */
@ScimController('Groups')
export class ScimGroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  /** Groups, filtered and paged in SQL; `excludedAttributes=members` leaves the members out. */
  @Get()
  @ScimListQuery()
  @ApiQuery({ name: 'excludedAttributes', required: false, schema: { type: 'string', maxLength: 200 } })
  @ScimAnswers(200, scimList(SCIM_GROUP), 400)
  list(@Query() query: GroupListQuery, @ScimBase() base: string): Promise<Json> {
    return this.groups.list(query, base);
  }

  /** One Group, with its version as the ETag. */
  @Get(':id')
  @ScimId()
  @ApiQuery({ name: 'excludedAttributes', required: false, schema: { type: 'string', maxLength: 200 } })
  @ScimAnswers(200, SCIM_GROUP, 404)
  async get(
    @Param('id') id: string,
    @Query('excludedAttributes') excluded: string | undefined,
    @ScimBase() base: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Json> {
    return withETag(res, await this.groups.get(id, base, excluded));
  }

  /** Makes a Group: a private GROUP room owned by this API key, its members added (201). */
  @Post()
  @ScimBody(SCIM_GROUP_BODY)
  @ScimAnswers(201, SCIM_GROUP, 400, 409)
  async create(
    @CurrentApiKey() key: ApiKey,
    @Body() body: unknown,
    @ScimBase() base: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Json> {
    const group = withETag(res, await this.groups.create(key, body, base));
    res.setHeader('Location', String((group.meta as Json).location));
    return group;
  }

  /** Replaces a Group: its name and its full member list (applied as a difference). */
  @Put(':id')
  @ScimId()
  @ScimIfMatch()
  @ScimBody(SCIM_GROUP_BODY)
  @ScimAnswers(200, SCIM_GROUP, 400, 404, 412)
  async replace(
    @Param('id') id: string,
    @Body() body: unknown,
    @IfMatch() ifMatch: string | undefined,
    @ScimBase() base: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Json> {
    return withETag(res, await this.groups.replace(id, body, ifMatch, base));
  }

  /** add / replace / remove operations, with or without a path (Entra ID). */
  @Patch(':id')
  @ScimId()
  @ScimIfMatch()
  @ScimBody(SCIM_PATCH)
  @ScimAnswers(200, SCIM_GROUP, 400, 404, 412)
  async patch(
    @Param('id') id: string,
    @Body() body: unknown,
    @IfMatch() ifMatch: string | undefined,
    @ScimBase() base: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Json> {
    return withETag(res, await this.groups.patch(id, body, ifMatch, base));
  }

  /** Deletes the Group's room (refused while a legal hold keeps it). */
  @Delete(':id')
  @ScimId()
  @HttpCode(204)
  @ScimIfMatch()
  @ScimAnswers(204, null, 404, 409, 412)
  remove(@Param('id') id: string, @IfMatch() ifMatch: string | undefined, @ScimBase() base: string): Promise<void> {
    return this.groups.remove(id, ifMatch, base);
  }
}
