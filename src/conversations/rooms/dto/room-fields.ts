import { applyDecorators } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { MaxTextLength } from '../../../core/validation/text-length';
import { Optional, Trim } from '../../../core/validation/fields';

export const RoomNameField = () => applyDecorators(Optional({ nullable: true }), Trim(), IsString(), MaxTextLength(150));
export const DescriptionField = () => applyDecorators(Optional(), Trim(), IsString(), MaxTextLength(2000));
export const MaxParticipantsField = () => applyDecorators(Optional(), IsInt(), Min(2), Max(100000));
