import { QueryFailedError } from 'typeorm';
import { DomainError, FieldValidationError, ThrottledError } from './domain-error';
import { toErrorBody } from './error-body';

describe(toErrorBody.name, () => {
  it('maps domain errors to their status and {detail, code}', () => {
    expect(toErrorBody(new DomainError('room_inactive', 'Room is deactivated'))).toEqual({
      status: 409,
      body: { detail: 'Room is deactivated', code: 'room_inactive' },
    });
  });

  it('keeps field errors as the body', () => {
    expect(toErrorBody(FieldValidationError.of('name', 'This field is required.'))).toEqual({
      status: 400,
      body: { name: ['This field is required.'] },
    });
  });

  it('adds Retry-After to throttling', () => {
    expect(toErrorBody(new ThrottledError(7)).headers).toEqual({ 'Retry-After': '7' });
  });

  it('turns a named unique violation into its 409 and an unnamed one into a generic conflict', () => {
    const violation = (constraint: string) =>
      new QueryFailedError('INSERT ...', [], Object.assign(new Error('duplicate key'), { code: '23505', constraint }));
    expect(toErrorBody(violation('uq_users_email')).body).toEqual({
      detail: 'A user with that email already exists.',
      code: 'email_taken',
    });
    expect(toErrorBody(violation('uq_something_new'))).toMatchObject({ status: 409, body: { code: 'conflict' } });
  });

  it('hides anything unexpected behind a 500 without internals', () => {
    const result = toErrorBody(new Error('relation "users" does not exist'));
    expect(result).toEqual({
      status: 500,
      body: { detail: 'A server error occurred.', code: 'server_error' },
      unexpected: true,
    });
  });

  it('keeps a failed health report as a 503 body', () => {
    const report = { status: 'error', details: { redis: { status: 'down' } } };
    expect(toErrorBody({ getStatus: () => 503, getResponse: () => report })).toEqual({ status: 503, body: report });
    expect(toErrorBody({ getStatus: () => 503, getResponse: () => 'x' }).body).toEqual({
      detail: 'Service temporarily unavailable.',
      code: 'service_unavailable',
    });
  });

  it('maps body-parser errors by status', () => {
    expect(toErrorBody({ status: 413, type: 'entity.too.large' }).body.code).toBe('payload_too_large');
    expect(toErrorBody(Object.assign(new Error('Unexpected end'), { status: 400, type: 'entity.parse.failed' })).body).toEqual({
      detail: 'JSON parse error - Unexpected end',
      code: 'parse_error',
    });
  });
});
