import { IsIn, IsOptional } from 'class-validator';
import { VISIBILITIES, Visibility } from '../entities/room.entity';
import { JsonObjectField } from '../../common/validation/fields';
import { DescriptionField, MaxParticipantsField, RoomNameField } from './room-fields';

export class UpdateRoomDto {
  @RoomNameField()
  name?: string;

  @DescriptionField()
  description?: string;

  @JsonObjectField(16 * 1024)
  meta?: Record<string, unknown>;

  @MaxParticipantsField()
  max_participants?: number;

  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;
}
