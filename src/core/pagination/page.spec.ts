import { DomainError } from '../errors/domain-error';
import { buildPage, resolveWindow } from './page';

describe('page-number pagination', () => {
  const url = new URL('http://host/api/v1/rooms/?search=math&page=2');

  it('resolves the window and builds absolute links keeping other parameters', () => {
    const window = resolveWindow({ page: '2', page_size: 10 }, 25);
    expect(window).toEqual({ page: 2, pageSize: 10, offset: 10 });
    const page = buildPage(url, window, 25, ['x']);
    expect(page).toMatchObject({ count: 25, total_pages: 3, current_page: 2, page_size: 10 });
    expect(page.next).toBe('http://host/api/v1/rooms/?search=math&page=3&page_size=10');
    expect(page.previous).toBe('http://host/api/v1/rooms/?search=math&page=1&page_size=10');
  });

  it('serves page 1 of an empty list and resolves "last"', () => {
    expect(resolveWindow({}, 0)).toEqual({ page: 1, pageSize: 10, offset: 0 });
    expect(resolveWindow({ page: 'last', page_size: 10 }, 25).page).toBe(3);
  });

  it.each(['4', '0', '-1', '1.5', 'abc'])('rejects page=%s with 404 "Invalid page."', (page) => {
    expect(() => resolveWindow({ page, page_size: 10 }, 25)).toThrow(new DomainError('not_found', 'Invalid page.'));
  });
});
