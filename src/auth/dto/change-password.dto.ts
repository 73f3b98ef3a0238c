import { IsString, MaxLength } from 'class-validator';
import { PasswordField } from '../../users/dto/user-fields';

export class ChangePasswordDto {
  @IsString()
  @MaxLength(128)
  current_password: string;

  /** 8..128 characters. */
  @PasswordField()
  new_password: string;
}
