import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

export class ListUsersQuery extends PageQueryDto {
  /** Case-insensitive match on username or display name. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
