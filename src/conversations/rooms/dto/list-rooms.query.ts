import { Optional } from '../../../core/validation/fields';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString } from 'class-validator';
import { MaxTextLength } from '../../../core/validation/text-length';
import { PageQueryDto } from '../../../core/pagination/page-query.dto';
import { ROOM_TYPES, RoomType } from '../store/entities/room.entity';

import { ROOM_ORDERINGS, type RoomOrdering } from '../store/rooms.repository';
export { ROOM_ORDERINGS, type RoomOrdering };

export class ListRoomsQuery extends PageQueryDto {
  /** Matches name or description. */
  @Optional()
  @IsString()
  @MaxTextLength(100)
  search?: string;

  @Optional()
  @IsIn(ROOM_TYPES)
  room_type?: RoomType;

  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  is_active?: boolean;

  /** `true` lists archived rooms only; by default archived rooms are left out. */
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  archived?: boolean;

  /** Default `-last_message_at` (newest activity first). */
  @Optional()
  @IsIn(ROOM_ORDERINGS)
  ordering?: RoomOrdering;
}
