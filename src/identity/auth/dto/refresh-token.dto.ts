import { IsString } from 'class-validator';
import { TextLength } from '../../../core/validation/text-length';

/** Body of refresh and logout. */
export class RefreshTokenDto {
  @IsString()
  @TextLength(1, 512)
  refresh_token: string;
}
