import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
/** Longer than any page number a list can have: more is refused (400) before any parsing. */
const PAGE_MAX_LENGTH = 20;

/**
 * `?page=&page_size=` as in Django REST Framework's PageNumberPagination:
 * page_size above 100 is capped, a missing or unusable one means 10; a page
 * that is not a positive number (or `last`) is 404 "Invalid page.".
 */
export class PageQueryDto {
  /** 1-based page number, or `last`. */
  @IsOptional()
  @IsString()
  @MaxLength(PAGE_MAX_LENGTH)
  page?: string;

  /** Items per page (default 10, at most 100). */
  @IsOptional()
  @Transform(({ value }) => {
    const size = Number.parseInt(String(value), 10);
    return Number.isFinite(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  })
  page_size?: number;
}
