import { Optional } from '../../../core/validation/fields';
import { IsString } from 'class-validator';
import { MaxTextLength } from '../../../core/validation/text-length';
import { PageQueryDto } from '../../../core/pagination/page-query.dto';

export class ListUsersQuery extends PageQueryDto {
  /** Case-insensitive match on username or display name. */
  @Optional()
  @IsString()
  @MaxTextLength(100)
  search?: string;
}
