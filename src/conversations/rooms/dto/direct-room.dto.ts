import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID } from 'class-validator';
import { ROOM_TYPES, RoomType } from '../store/entities/room.entity';

export class DirectRoomDto {
  @IsUUID()
  user_id: string;
}

export class InitiateRoomDto {
  /** The other members; the room found or made has exactly these plus the caller. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  user_ids: string[];

  @IsIn(ROOM_TYPES)
  room_type: RoomType;
}
