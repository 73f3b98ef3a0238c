import { IsString } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';
import { EmailField, NameField, PasswordField, SelfUserTypeField, UsernameField } from '../../users/dto/user-fields';
import type { UserType } from '../../users/store/entities/user.entity';

export class RegisterDto {
  /** 3..32 characters of a-z 0-9 _ . - (stored lower-cased). */
  @UsernameField()
  username: string;

  @EmailField()
  email: string;

  /** 8..128 characters. */
  @PasswordField()
  password: string;

  /** Defaults to the username. */
  @NameField()
  display_name?: string;

  @NameField()
  first_name?: string;

  @NameField()
  last_name?: string;

  /** Only `consumer` (the default): support agents are made by a global admin (PATCH /users/{id}). */
  @SelfUserTypeField()
  user_type?: UserType;

  /** The organization's slug; absent: the default organization. */
  @Optional()
  @IsString()
  @TextLength(1, 64)
  organization?: string;
}
