import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import type { RoomContext } from '../../rooms/room-access.service';
import { ContentRulesService } from '../content-rules.service';
import { CreateContentRuleDto, UpdateContentRuleDto } from '../dto/content-rule.dto';
import { ContentRuleListResponse, ContentRuleResponse } from '../dto/content-rule.response';

const RuleId = () => Param('ruleId', new UuidPipe('rule_id'));

/** Content rules checked before a message is stored (docs/compliance.md): the deployment's and each room's. */
@ApiTags('moderation')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class ContentRulesController {
  constructor(private readonly rules: ContentRulesService) {}

  /** The deployment's rules (global admins). */
  @Get('admin/content-rules')
  @ApiErrors(403)
  listDeployment(@CurrentUser() user: AuthUser): Promise<ContentRuleListResponse> {
    return this.rules.list(user, null);
  }

  /** A rule for every room of the deployment (global admins). Audited (`content_rule.created`). */
  @Post('admin/content-rules')
  @ApiErrors(400, 403)
  createDeployment(@CurrentUser() user: AuthUser, @Body() dto: CreateContentRuleDto): Promise<ContentRuleResponse> {
    return this.rules.create(user, null, dto);
  }

  /** Change a deployment rule (its kind stays). Audited. */
  @Patch('admin/content-rules/:ruleId')
  @ApiErrors(400, 403, 404)
  updateDeployment(@CurrentUser() user: AuthUser, @RuleId() id: string, @Body() dto: UpdateContentRuleDto): Promise<ContentRuleResponse> {
    return this.rules.update(user, null, id, dto);
  }

  /** Delete a deployment rule. Audited. */
  @Delete('admin/content-rules/:ruleId')
  @HttpCode(204)
  @ApiErrors(400, 403, 404)
  removeDeployment(@CurrentUser() user: AuthUser, @RuleId() id: string): Promise<void> {
    return this.rules.remove(user, null, id);
  }

  /** The room's own rules (owners, admins, global admins); the deployment's apply too. */
  @Get('rooms/:id/content-rules')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  listRoom(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext): Promise<ContentRuleListResponse> {
    return this.rules.list(user, room);
  }

  /** A rule for this room. Audited in the room's log. */
  @Post('rooms/:id/content-rules')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  createRoom(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @Body() dto: CreateContentRuleDto): Promise<ContentRuleResponse> {
    return this.rules.create(user, room, dto);
  }

  /** Change a room rule (its kind stays). Audited in the room's log. */
  @Patch('rooms/:id/content-rules/:ruleId')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  updateRoom(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @RuleId() id: string,
    @Body() dto: UpdateContentRuleDto,
  ): Promise<ContentRuleResponse> {
    return this.rules.update(user, room, id, dto);
  }

  /** Delete a room rule. Audited in the room's log. */
  @Delete('rooms/:id/content-rules/:ruleId')
  @HttpCode(204)
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  removeRoom(@CurrentUser() user: AuthUser, @CurrentRoom() room: RoomContext, @RuleId() id: string): Promise<void> {
    return this.rules.remove(user, room, id);
  }
}
