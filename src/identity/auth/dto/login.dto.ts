import { IsString } from 'class-validator';
import { TextLength, MaxTextLength } from '../../../core/validation/text-length';

export class LoginDto {
  /** Username or email. */
  @IsString()
  @TextLength(1, 254)
  login: string;

  @IsString()
  @MaxTextLength(128)
  password: string;
}
