import { isSeq, MAX_SEQ, Optional, SeqField } from '../../../core/validation/fields';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsUUID, isUUID, ValidateBy } from 'class-validator';
import { EditMessageDto, SendMessageDto } from '../../messages/dto/message.dto';

export class RoomRefDto {
  @IsUUID()
  room_id: string;
}

export class SocketSendDto extends SendMessageDto {
  @IsUUID()
  room_id: string;
}

export class SocketEditDto extends EditMessageDto {
  @IsUUID()
  room_id: string;

  @IsUUID()
  message_id: string;
}

export class SocketDeleteDto {
  @IsUUID()
  room_id: string;

  @IsUUID()
  message_id: string;
}

export class TypingDto {
  @IsUUID()
  room_id: string;

  @IsBoolean()
  is_typing: boolean;
}

export class SocketReadDto {
  @IsUUID()
  room_id: string;

  @Optional()
  @SeqField(0)
  seq?: number;
}

export const MAX_SYNC_ROOMS = 200;

/** `{rooms: {room_id: last_seq}}`: the last seq the client holds for each room. */
export class SyncDto {
  @IsObject()
  @ValidateBy({
    name: 'syncRooms',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        Object.keys(value).length <= MAX_SYNC_ROOMS &&
        Object.entries(value).every(([id, seq]) => isUUID(id) && isSeq(seq)),
      defaultMessage: () => `must map up to ${MAX_SYNC_ROOMS} room ids to whole seqs from 0 to ${MAX_SEQ}`,
    },
  })
  @Type(() => Object)
  rooms: Record<string, number>;
}
