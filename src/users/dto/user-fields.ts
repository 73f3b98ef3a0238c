import { applyDecorators } from '@nestjs/common';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { LowerTrim, Trim } from '../../common/validation/fields';
import { USER_TYPES } from '../entities/user.entity';


/** Validation shared by every DTO that carries these fields. */
export const UsernameField = () =>
  applyDecorators(
    LowerTrim(),
    IsString(),
    Length(3, 32),
    Matches(/^[a-z0-9_.-]+$/, { message: 'may contain only letters, digits and _ . -' }),
  );
export const EmailField = () => applyDecorators(LowerTrim(), IsString(), MaxLength(254), IsEmail());
export const PasswordField = () => applyDecorators(IsString(), Length(8, 128));
export const NameField = () => applyDecorators(IsOptional(), Trim(), IsString(), MaxLength(150));
export const UserTypeField = () => applyDecorators(IsOptional(), IsIn(USER_TYPES));
/** Self-service accounts are consumers: support agents are made by a global admin (PATCH /users/{id}). */
export const SelfUserTypeField = () =>
  applyDecorators(
    IsOptional(),
    IsIn(['consumer'], { message: 'Only "consumer" may be chosen here; support agents are made by an administrator.' }),
  );
