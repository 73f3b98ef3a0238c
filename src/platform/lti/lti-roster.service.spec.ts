import { nextLink } from './lti-roster.service';

describe('NRPS paging (Link header)', () => {
  it('finds the next page among other relations', () => {
    expect(nextLink('<https://lms.example/m?page=2>; rel="next", <https://lms.example/m?page=9>; rel="last"')).toBe('https://lms.example/m?page=2');
    expect(nextLink('<https://lms.example/m?p=1>; rel="prev", <https://lms.example/m?p=3>; rel=next')).toBe('https://lms.example/m?p=3');
    expect(nextLink('<https://lms.example/m?a=1,2>; rel="last next"')).toBe('https://lms.example/m?a=1,2');
  });

  it('answers nothing on the last page', () => {
    expect(nextLink(null)).toBeUndefined();
    expect(nextLink('<https://lms.example/m?page=1>; rel="first", <https://lms.example/m?page=1>; rel="last"')).toBeUndefined();
    expect(nextLink('<https://lms.example/m?page=2>; rel="nextish"')).toBeUndefined();
  });
});
