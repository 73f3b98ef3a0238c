/** The page-number pagination fields; each `XPageResponse` adds its typed `results`. */
export abstract class PageMeta {
  count: number;
  /** Absolute URL of the next page, or null. */
  next: string | null;
  /** Absolute URL of the previous page, or null. */
  previous: string | null;
  total_pages: number;
  current_page: number;
  page_size: number;
}
