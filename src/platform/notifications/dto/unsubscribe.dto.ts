import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class UnsubscribeQuery {
  @IsUUID()
  user: string;

  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'sig must be the signature from the email.' })
  sig: string;
}
