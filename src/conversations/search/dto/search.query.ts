import { IsString, Length } from 'class-validator';
import { TimeCursorQuery } from '../../../core/pagination/time-cursor.query';

export class GlobalSearchQuery extends TimeCursorQuery {
  /** Words to find: web-search syntax ("quoted phrase", -excluded, or); the last word also matches as a prefix. */
  @IsString()
  @Length(1, 200)
  q: string;
}
