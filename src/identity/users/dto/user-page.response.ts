import { PageMeta } from '../../../core/pagination/page-meta.response';
import { UserResponse } from './user.response';

/** Page-number page of users. */
export class UserPageResponse extends PageMeta {
  results: UserResponse[];
}
