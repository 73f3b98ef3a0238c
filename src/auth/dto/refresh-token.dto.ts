import { IsString, Length } from 'class-validator';

/** Body of refresh and logout. */
export class RefreshTokenDto {
  @IsString()
  @Length(1, 512)
  refresh_token: string;
}
