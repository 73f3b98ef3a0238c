import { PageLimitField } from '../../../core/pagination/id-cursor.query';

/** How much of the room to show: the sizes of its first history page and first members page. */
export class RoomOpenQuery {
  /** Messages in the history page: default 50, at most 100 (`limit` of GET /rooms/{id}/messages). */
  @PageLimitField()
  limit?: number;

  /** Members in the members page: default 10, at most 100 (`page_size` of GET /rooms/{id}/members). */
  @PageLimitField()
  members_limit?: number;
}
