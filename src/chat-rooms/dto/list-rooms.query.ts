import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { ROOM_TYPES, RoomType } from '../entities/room.entity';

export const ROOM_ORDERINGS = ['name', '-name', 'created_at', '-created_at', 'last_message_at', '-last_message_at'] as const;
export type RoomOrdering = (typeof ROOM_ORDERINGS)[number];

export class ListRoomsQuery extends PageQueryDto {
  /** Matches name or description. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @IsOptional()
  @IsIn(ROOM_TYPES)
  room_type?: RoomType;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  is_active?: boolean;

  /** `true` lists archived rooms only; by default archived rooms are left out. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  archived?: boolean;

  /** Default `-last_message_at` (newest activity first). */
  @IsOptional()
  @IsIn(ROOM_ORDERINGS)
  ordering?: RoomOrdering;
}
