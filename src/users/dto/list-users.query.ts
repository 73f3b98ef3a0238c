import { Optional } from '../../common/validation/fields';
import { IsString } from 'class-validator';
import { MaxTextLength } from '../../common/validation/text-length';
import { PageQueryDto } from '../../common/pagination/page-query.dto';

export class ListUsersQuery extends PageQueryDto {
  /** Case-insensitive match on username or display name. */
  @Optional()
  @IsString()
  @MaxTextLength(100)
  search?: string;
}
