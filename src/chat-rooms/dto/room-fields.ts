import { applyDecorators } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Trim } from '../../common/validation/fields';

export const RoomNameField = () => applyDecorators(IsOptional(), Trim(), IsString(), MaxLength(150));
export const DescriptionField = () => applyDecorators(IsOptional(), Trim(), IsString(), MaxLength(2000));
export const MaxParticipantsField = () => applyDecorators(IsOptional(), IsInt(), Min(2), Max(100000));
