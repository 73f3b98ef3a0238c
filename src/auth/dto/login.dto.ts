import { IsString, Length, MaxLength } from 'class-validator';

export class LoginDto {
  /** Username or email. */
  @IsString()
  @Length(1, 254)
  login: string;

  @IsString()
  @MaxLength(128)
  password: string;
}
