import { IsString } from 'class-validator';
import { TextLength } from '../../../core/validation/text-length';

/** Body of POST /auth/handoff: the code from the web app's `#handoff=`. */
export class HandoffDto {
  @IsString()
  @TextLength(1, 256)
  code: string;
}
