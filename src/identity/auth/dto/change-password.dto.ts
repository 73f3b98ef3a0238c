import { IsString } from 'class-validator';
import { MaxTextLength } from '../../../core/validation/text-length';
import { PasswordField } from '../../users/dto/user-fields';

export class ChangePasswordDto {
  @IsString()
  @MaxTextLength(128)
  current_password: string;

  /** 8..128 characters. */
  @PasswordField()
  new_password: string;
}
