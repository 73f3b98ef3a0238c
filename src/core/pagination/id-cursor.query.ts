import { Optional } from '../validation/fields';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** `?limit=` of a keyset page: default 50 (the service's), at most 100. */
export const PageLimitField = () =>
  applyDecorators(
    Optional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(100),
  );

/** Keyset paging on a time-ordered (UUIDv7) id, newest first: `?before=<the last id seen>&limit=`. */
export class IdCursorQuery {
  @Optional()
  @IsUUID()
  before?: string;

  /** Default 50, at most 100. */
  @PageLimitField()
  limit?: number;
}
