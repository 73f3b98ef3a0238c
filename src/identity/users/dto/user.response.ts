import { ApiProperty } from '@nestjs/swagger';
import type { User, UserRole, UserType } from '../store/entities/user.entity';
import type { AuthUser } from '../../../core/auth/auth-user';
import { Policy } from '../../../core/policy/policy';

/** The contract's User resource. */
export class UserResponse {
  id: string;
  username: string;
  /** Only to the user themself and to admins. */
  @ApiProperty({ required: false })
  email?: string;
  display_name: string;
  first_name: string;
  last_name: string;
  @ApiProperty({ enum: ['consumer', 'support'] })
  user_type: UserType;
  @ApiProperty({ enum: ['user', 'admin'] })
  role: UserRole;
  online: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_seen_at: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export function toUserResponse(user: User, viewer: Pick<AuthUser, 'id' | 'role'> | null, online: boolean): UserResponse {
  const response: UserResponse = {
    id: user.id,
    username: user.username,
    display_name: user.displayName,
    first_name: user.firstName,
    last_name: user.lastName,
    user_type: user.userType,
    role: user.role,
    online,
    last_seen_at: user.lastSeenAt ? user.lastSeenAt.toISOString() : null,
    created_at: user.createdAt.toISOString(),
  };
  if (viewer && Policy.can(viewer, 'users.see_email', { userId: user.id })) response.email = user.email;
  return response;
}
