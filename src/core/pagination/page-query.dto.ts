import { Optional } from '../validation/fields';
import { Transform } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
/** Longer than any page number a list can have (a safe integer has 16 digits): more is 404 "Invalid page." unparsed. */
export const PAGE_MAX_LENGTH = 20;

/**
 * `?page=&page_size=` as in Django REST Framework's PageNumberPagination:
 * page_size above 100 is capped, a missing or unusable one means 10; a page
 * that is not a positive number (or `last`) is 404 "Invalid page.".
 */
export class PageQueryDto {
  /** 1-based page number, or `last`. */
  @ApiProperty({ required: false, maxLength: PAGE_MAX_LENGTH })
  @Optional()
  @IsString()
  page?: string;

  /** Items per page (default 10, at most 100). */
  @Optional()
  @Transform(({ value }) => {
    const size = Number.parseInt(String(value), 10);
    return Number.isFinite(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  })
  page_size?: number;
}
