import { Optional } from '../validation/fields';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class TimeCursorQuery {
  /** The `next` link's opaque cursor. */
  @ApiProperty({ required: false, maxLength: 200 })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'Invalid cursor.' })
  cursor?: string;

  /** Default 50, at most 100. */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
