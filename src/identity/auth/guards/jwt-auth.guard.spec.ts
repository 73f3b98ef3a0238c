import { Reflector } from '@nestjs/core';
import { DomainError } from '../../../core/errors/domain-error';
import type { AccessTokenVerifier } from '../access-token.verifier';
import { JwtAuthGuard } from './jwt-auth.guard';

describe(JwtAuthGuard.name, () => {
  const guard = new JwtAuthGuard(new Reflector(), {} as AccessTokenVerifier);

  it('passes the authenticated user through', () => {
    expect(guard.handleRequest(null, { id: 'u1' }, undefined)).toEqual({ id: 'u1' });
  });

  it('says not_authenticated when no token was sent', () => {
    expect(() => guard.handleRequest(null, false, new Error('No auth token'))).toThrow(expect.objectContaining({ code: 'not_authenticated' }));
  });

  it('says token_not_valid for any other failure, and rethrows errors from validation', () => {
    expect(() => guard.handleRequest(null, false, new Error('jwt expired'))).toThrow(expect.objectContaining({ code: 'token_not_valid' }));
    const invalid = new DomainError('token_not_valid', 'x');
    expect(() => guard.handleRequest(invalid, false, undefined)).toThrow(invalid);
  });
});
