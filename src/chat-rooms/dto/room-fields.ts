import { applyDecorators } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MaxTextLength } from '../../common/validation/text-length';
import { OptionalNotNull, Trim } from '../../common/validation/fields';

export const RoomNameField = () => applyDecorators(IsOptional(), Trim(), IsString(), MaxTextLength(150));
export const DescriptionField = () => applyDecorators(OptionalNotNull(), Trim(), IsString(), MaxTextLength(2000));
export const MaxParticipantsField = () => applyDecorators(IsOptional(), IsInt(), Min(2), Max(100000));
