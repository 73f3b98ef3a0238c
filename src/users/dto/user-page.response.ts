import { UserResponse } from './user.response';

/** Page-number page of users. */
export class UserPageResponse {
  count: number;
  /** Absolute URL of the next page, or null. */
  next: string | null;
  /** Absolute URL of the previous page, or null. */
  previous: string | null;
  total_pages: number;
  current_page: number;
  page_size: number;
  results: UserResponse[];
}
