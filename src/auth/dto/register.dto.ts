import { EmailField, NameField, PasswordField, UserTypeField, UsernameField } from '../../users/dto/user-fields';
import type { UserType } from '../../users/entities/user.entity';

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

  /** `consumer` (default) or `support` (support agents see SUPPORT rooms). */
  @UserTypeField()
  user_type?: UserType;
}
