import { DomainError } from '../errors/domain-error';
import type { PageMeta } from './page-meta.response';
import { DEFAULT_PAGE_SIZE, PAGE_MAX_LENGTH, PageQueryDto } from './page-query.dto';

/** The page body: the pagination fields plus typed results. */
export type Page<T> = PageMeta & { results: T[] };

export interface PageWindow {
  page: number;
  pageSize: number;
  offset: number;
}

export const invalidPage = () => new DomainError('not_found', 'Invalid page.');

/**
 * Reads the requested page. `last` needs the count, so it resolves in
 * `buildPage`; callers fetch `count` first only then (see `resolveWindow`).
 */
export function requestedPage(query: PageQueryDto): { page: number | 'last'; pageSize: number } {
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
  if (query.page === undefined || query.page === '') return { page: 1, pageSize };
  if (query.page === 'last') return { page: 'last', pageSize };
  if (query.page.length > PAGE_MAX_LENGTH) throw invalidPage();
  // A page whose offset is not a safe integer is past any end (it reached SQL as OFFSET 1e+168: a 500).
  if (!/^\d+$/.test(query.page) || Number(query.page) < 1 || !Number.isSafeInteger(Number(query.page) * pageSize)) throw invalidPage();
  return { page: Number(query.page), pageSize };
}

/** The offset window for a page once the total is known; 404 past the end. */
export function resolveWindow(query: PageQueryDto, count: number): PageWindow {
  const { page: asked, pageSize } = requestedPage(query);
  const totalPages = Math.max(1, Math.ceil(count / pageSize));
  const page = asked === 'last' ? totalPages : asked;
  if (page > totalPages) throw invalidPage();
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** The DRF-style page body with absolute links that keep the other query parameters. */
export function buildPage<T>(requestUrl: URL, window: PageWindow, count: number, results: T[]): Page<T> {
  const totalPages = Math.max(1, Math.ceil(count / window.pageSize));
  const link = (page: number): string => {
    const url = new URL(requestUrl.toString());
    url.searchParams.set('page', String(page));
    url.searchParams.set('page_size', String(window.pageSize));
    return url.toString();
  };
  return {
    count,
    next: window.page < totalPages ? link(window.page + 1) : null,
    previous: window.page > 1 ? link(window.page - 1) : null,
    total_pages: totalPages,
    current_page: window.page,
    page_size: window.pageSize,
    results,
  };
}
