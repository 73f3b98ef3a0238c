import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../../../core/auth/auth-user';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import type { RoomPermission } from '../../../core/policy/permissions';
import { RoomAccess, RoomContext } from '../room-access.service';

const PERMISSION = 'parley:room-permission';
const roomIdPipe = new UuidPipe('id');

type RoomRequest = Request & { user: AuthUser; roomContext?: RoomContext };

/**
 * Room access for HTTP routes that take a room id (`:id`): resolves the room and
 * the caller's membership once, asks the policy through RoomAccess (the same
 * decision the socket events use), and hands the checked context to the handler through
 * `@CurrentRoom()`. A malformed id is 400, an unknown room 404, a non-reader of a
 * private room 403 `room_access_denied`, before any handler code runs.
 */
@Injectable()
export class RoomAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: RoomAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const permission = this.reflector.getAllAndOverride<RoomPermission | undefined>(PERMISSION, [context.getHandler(), context.getClass()]);
    if (!permission) return true;
    const request = context.switchToHttp().getRequest<RoomRequest>();
    request.roomContext = await this.access.require(request.user, roomIdPipe.transform(request.params.id as string), permission);
    return true;
  }
}

/** The route needs this permission on the room named by `:id`; the handler gets it with `@CurrentRoom()`. */
export const RoomRoute = (permission: RoomPermission) =>
  applyDecorators(
    SetMetadata(PERMISSION, permission),
    UseGuards(RoomAccessGuard),
    // The guard reads `:id` itself (no @Param in the handler), so the OpenAPI document is told here.
    ApiParam({ name: 'id', type: String, format: 'uuid', description: 'The room id.' }),
  );

/** The room context RoomAccessGuard checked for this request. */
export const CurrentRoom = createParamDecorator((_data: unknown, context: ExecutionContext): RoomContext => {
  const checked = context.switchToHttp().getRequest<RoomRequest>().roomContext;
  if (!checked) throw new Error('@CurrentRoom() needs @RoomRoute(permission) on the route');
  return checked;
});
