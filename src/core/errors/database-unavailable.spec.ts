import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';
import { toErrorBody } from './error-body';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['an administrator shutdown (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', pgError('08006')],
    ['a write on a demoted primary (25006)', pgError('25006', 'cannot execute INSERT in a read-only transaction')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot get a connection in time', new Error('timeout exceeded when trying to connect')],
    ['the same wrapped by TypeORM', new QueryFailedError('SELECT 1', [], pgError('57P01'))],
    ['the same as a cause', Object.assign(new Error('query failed'), { cause: pgError('ECONNRESET') })],
  ])('says yes for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505'))],
    ['a syntax error', pgError('42601', 'syntax error at or near')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing useful', 'a string'],
    ['null', null],
  ])('says no for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops on cause cycles', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe('toErrorBody for an unreachable database', () => {
  it('answers 503 service_unavailable with Retry-After, not a server error', () => {
    const answer = toErrorBody(new QueryFailedError('SELECT 1', [], pgError('ECONNREFUSED')));
    expect(answer).toMatchObject({
      status: 503,
      body: { code: 'service_unavailable', detail: expect.any(String) },
      headers: { 'Retry-After': '1' },
      retryAfterMs: 1000,
      unavailable: true,
    });
    expect(answer.unexpected).toBeUndefined();
  });
});
