import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../users/dto/user.response';

export class AuthResponse {
  user: UserResponse;
  /** JWT for `Authorization: Bearer`. */
  access_token: string;
  /** Opaque; exchange it at /auth/refresh. Each one works once. */
  refresh_token: string;
  @ApiProperty({ enum: ['Bearer'] })
  token_type: 'Bearer';
  /** Seconds until the access token expires. */
  expires_in: number;
}
