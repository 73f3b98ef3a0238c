import { IsString } from 'class-validator';
import { TextLength, MaxTextLength } from '../../../core/validation/text-length';
import { Optional } from '../../../core/validation/fields';

export class LoginDto {
  /** Username or email. */
  @IsString()
  @TextLength(1, 254)
  login: string;

  @IsString()
  @MaxTextLength(128)
  password: string;

  /** The organization's slug; absent: the default organization. */
  @Optional()
  @IsString()
  @TextLength(1, 64)
  organization?: string;
}
