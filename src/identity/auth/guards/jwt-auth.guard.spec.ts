import { jest } from '@jest/globals';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../../../core/errors/domain-error';
import type { AccessTokenVerifier } from '../access-token.verifier';
import { bearerToken, JwtAuthGuard } from './jwt-auth.guard';

describe(JwtAuthGuard.name, () => {
  const httpContext = (request: Record<string, unknown>) =>
    ({
      getType: () => 'http',
      getHandler: () => () => undefined,
      getClass: () => class {},
      switchToHttp: () => ({ getRequest: () => request }),
    }) as unknown as ExecutionContext;

  it('puts the verified user on the request', async () => {
    const verifier = { verify: jest.fn(async () => ({ user: { id: 'u1' }, exp: 0 })) } as unknown as AccessTokenVerifier;
    const request: Record<string, unknown> = { headers: { authorization: 'Bearer a.b.c' } };
    await expect(new JwtAuthGuard(new Reflector(), verifier).canActivate(httpContext(request))).resolves.toBe(true);
    expect(verifier.verify).toHaveBeenCalledWith('a.b.c');
    expect(request.user).toEqual({ id: 'u1' });
  });

  it('says not_authenticated when no bearer token was sent, before asking the verifier', async () => {
    const verifier = { verify: jest.fn() } as unknown as AccessTokenVerifier;
    const guard = new JwtAuthGuard(new Reflector(), verifier);
    for (const authorization of [undefined, '', 'Bearer', 'Basic dXNlcjpwdw==']) {
      await expect(guard.canActivate(httpContext({ headers: { authorization } }))).rejects.toMatchObject({ code: 'not_authenticated' });
    }
    expect(verifier.verify).not.toHaveBeenCalled();
  });

  it("passes the verifier's refusal on", async () => {
    const refusal = new DomainError('token_not_valid', 'x');
    const verifier = { verify: jest.fn(async () => Promise.reject(refusal)) } as unknown as AccessTokenVerifier;
    await expect(new JwtAuthGuard(new Reflector(), verifier).canActivate(httpContext({ headers: { authorization: 'Bearer nope' } }))).rejects.toBe(
      refusal,
    );
  });

  it('reads the token as passport-jwt did: the scheme in any case, the first two words', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('  BEARER   a.b.c  ')).toBe('a.b.c');
    expect(bearerToken('Bearer a.b.c extra')).toBe('a.b.c');
    expect(bearerToken('Token a.b.c')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
