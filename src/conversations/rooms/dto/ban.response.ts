import { ApiProperty } from '@nestjs/swagger';
import { PageMeta } from '../../../core/pagination/page-meta.response';
import { UserResponse } from '../../../identity/users/dto/user.response';

/** A user banned from a room. */
export class BanResponse {
  user: UserResponse;
  /** Who banned them (null once that user is deleted). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  banned_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class BanPageResponse extends PageMeta {
  results: BanResponse[];
}
