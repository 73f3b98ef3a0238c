import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { USER_TYPES } from '../entities/user.entity';

const lowerTrim = Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
const trim = Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Validation shared by every DTO that carries these fields. */
export const UsernameField = () =>
  applyDecorators(
    lowerTrim,
    IsString(),
    Length(3, 32),
    Matches(/^[a-z0-9_.-]+$/, { message: 'may contain only letters, digits and _ . -' }),
  );
export const EmailField = () => applyDecorators(lowerTrim, IsString(), MaxLength(254), IsEmail());
export const PasswordField = () => applyDecorators(IsString(), Length(8, 128));
export const NameField = () => applyDecorators(IsOptional(), trim, IsString(), MaxLength(150));
export const UserTypeField = () => applyDecorators(IsOptional(), IsIn(USER_TYPES));
