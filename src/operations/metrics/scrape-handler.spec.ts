import { tokenAccepted } from './scrape-handler';

describe(tokenAccepted.name, () => {
  const token = 'metrics-token-0123456789';

  it('lets every scrape in when no token is configured', () => {
    expect(tokenAccepted(undefined, undefined)).toBe(true);
    expect(tokenAccepted('Bearer anything', undefined)).toBe(true);
  });

  it('takes the exact bearer token only', () => {
    expect(tokenAccepted(`Bearer ${token}`, token)).toBe(true);
    expect(tokenAccepted(`bearer ${token}`, token)).toBe(true);
    expect(tokenAccepted(undefined, token)).toBe(false);
    expect(tokenAccepted('', token)).toBe(false);
    expect(tokenAccepted(`Bearer ${token}x`, token)).toBe(false);
    expect(tokenAccepted(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(tokenAccepted(`Basic ${token}`, token)).toBe(false);
    expect(tokenAccepted(token, token)).toBe(false);
  });
});
