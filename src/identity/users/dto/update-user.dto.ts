import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { USER_TYPES, type UserType } from '../store/entities/user.entity';

/** What a global admin may change on any user. */
export class UpdateUserDto {
  /** `support` makes a support agent (sees and may join every SUPPORT room); `consumer` ends that. */
  @ApiProperty({ enum: USER_TYPES })
  @IsIn(USER_TYPES)
  user_type: UserType;
}
