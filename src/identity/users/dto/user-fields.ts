import { ApiProperty } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsEmail, IsIn, IsString, Matches } from 'class-validator';
import { TextLength, MaxTextLength } from '../../../core/validation/text-length';
import { LowerTrim, Optional, Trim } from '../../../core/validation/fields';
import { USER_TYPES } from '../store/entities/user.entity';

/** Validation shared by every DTO that carries these fields. */
export const UsernameField = () =>
  applyDecorators(LowerTrim(), IsString(), TextLength(3, 32), Matches(/^[a-z0-9_.-]+$/, { message: 'may contain only letters, digits and _ . -' }));
export const EmailField = () => applyDecorators(LowerTrim(), IsString(), MaxTextLength(254), IsEmail());
export const PasswordField = () => applyDecorators(IsString(), TextLength(8, 128));
export const NameField = () => applyDecorators(Optional(), Trim(), IsString(), MaxTextLength(150));
export const UserTypeField = () => applyDecorators(Optional(), IsIn(USER_TYPES));
/** Self-service accounts are consumers: support agents are made by a global admin (PATCH /users/{id}). */
export const SelfUserTypeField = () =>
  applyDecorators(
    // Explicit: the enum inferred from the TypeScript union came out in either order, depending on compile order.
    ApiProperty({ required: false, enum: USER_TYPES }),
    Optional(),
    IsIn(['consumer'], { message: 'Only "consumer" may be chosen here; support agents are made by an administrator.' }),
  );
