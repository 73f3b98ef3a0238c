import { VerifiedTokens } from './verified-tokens';

describe(VerifiedTokens.name, () => {
  let now = 1_000;
  const tokens = () => new VerifiedTokens<{ sub: string; exp?: number }>(2, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('answers the claims of a token it was given, and nothing for any other text', () => {
    const verified = tokens();
    verified.remember('a.b.c', { sub: 'u1', exp: 2_000 });
    expect(verified.get('a.b.c')).toEqual({ sub: 'u1', exp: 2_000 });
    expect(verified.get('a.b.d')).toBeUndefined();
  });

  it('forgets a token from its expiry on, as jsonwebtoken refuses it', () => {
    const verified = tokens();
    verified.remember('a.b.c', { sub: 'u1', exp: 2_000 });
    now = 1_999;
    expect(verified.get('a.b.c')).toBeDefined();
    now = 2_000;
    expect(verified.get('a.b.c')).toBeUndefined();
    now = 1_000;
    expect(verified.get('a.b.c')).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the oldest first', () => {
    const verified = tokens();
    verified.remember('one', { sub: 'u1', exp: 2_000 });
    verified.remember('two', { sub: 'u2', exp: 2_000 });
    verified.remember('three', { sub: 'u3', exp: 2_000 });
    expect(verified.get('one')).toBeUndefined();
    expect(verified.get('two')).toEqual({ sub: 'u2', exp: 2_000 });
    expect(verified.get('three')).toEqual({ sub: 'u3', exp: 2_000 });
  });
});
