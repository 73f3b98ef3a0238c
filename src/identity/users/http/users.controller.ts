import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ListUsersQuery } from '../dto/list-users.query';
import { DeleteUserQuery, UpdateMeDto } from '../dto/update-me.dto';
import { UpdateUserDto } from '../dto/update-user.dto';
import { UserPageResponse } from '../dto/user-page.response';
import { UserResponse } from '../dto/user.response';
import { UsersService } from '../users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Page of users; `search` matches username or display name. */
  @Get()
  @ApiErrors(404)
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQuery, @RequestUrl() url: URL): Promise<UserPageResponse> {
    return this.users.list(user, query, url);
  }

  /** The caller's own profile (with email). */
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.users.get(user, user.id);
  }

  /** Update display_name, first_name, last_name. */
  @Patch('me')
  @ApiErrors(400)
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<UserResponse> {
    return this.users.updateMe(user, dto);
  }

  /** A user's profile with `online` and `last_seen_at`. */
  @Get(':id')
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe()) id: string): Promise<UserResponse> {
    return this.users.get(user, id);
  }

  /** Set a user's `user_type` (global admins only): the one way to make a support agent. */
  @Patch(':id')
  @ApiErrors(400, 403, 404)
  update(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(user, id, dto);
  }

  /** Delete a user (self or admin). Their messages stay, with `sender: null`; `?erase_messages=true` tombstones them. */
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 403, 404)
  remove(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe()) id: string, @Query() query: DeleteUserQuery): Promise<void> {
    return this.users.remove(user, id, query.erase_messages === 'true');
  }
}
