import { JsonObjectField, Optional } from '../../../core/validation/fields';
import { ArrayMaxSize, IsArray, IsIn, IsUUID } from 'class-validator';
import { ROOM_TYPES, RoomType, VISIBILITIES, Visibility } from '../store/entities/room.entity';
import { DescriptionField, MaxParticipantsField, RoomNameField } from './room-fields';

export class CreateRoomDto {
  /** Required for public rooms; unnamed private rooms show their members' usernames. */
  @RoomNameField()
  name?: string;

  @IsIn(ROOM_TYPES)
  room_type: RoomType;

  /** Default `private`. */
  @Optional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @DescriptionField()
  description?: string;

  /** User ids to add as members besides the creator. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  participants?: string[];

  /** Free-form JSON object, at most 16 KB. */
  @JsonObjectField(16 * 1024)
  meta?: Record<string, unknown>;

  @MaxParticipantsField()
  max_participants?: number;
}
