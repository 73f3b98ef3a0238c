import { ApiProperty } from '@nestjs/swagger';
import { PageMeta } from '../../../core/pagination/page-meta.response';
import { UserResponse } from '../../users/dto/user.response';

export class BlockResponse {
  @ApiProperty({ type: () => UserResponse })
  user: UserResponse;
  @ApiProperty({ type: String, format: 'date-time' })
  blocked_at: string;
}

export class BlockPageResponse extends PageMeta {
  @ApiProperty({ type: () => [BlockResponse] })
  results: BlockResponse[];
}
