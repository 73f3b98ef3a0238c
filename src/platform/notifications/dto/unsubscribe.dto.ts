import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class UnsubscribeQuery {
  @IsUUID()
  user: string;

  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token must be the token from the email.' })
  token: string;
}
