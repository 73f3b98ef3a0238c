import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';

const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A JSON object no larger than `maxBytes` once serialised. */
export const JsonObjectField = (maxBytes: number) =>
  applyDecorators(
    IsOptional(),
    IsObject(),
    ValidateBy({
      name: 'maxJsonBytes',
      validator: {
        validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {})) <= maxBytes,
        defaultMessage: () => `must be at most ${maxBytes} bytes as JSON`,
      },
    }),
  );
export const RoomNameField = () => applyDecorators(IsOptional(), trim, IsString(), MaxLength(150));
export const DescriptionField = () => applyDecorators(IsOptional(), trim, IsString(), MaxLength(2000));
export const MaxParticipantsField = () => applyDecorators(IsOptional(), IsInt(), Min(2), Max(100000));
