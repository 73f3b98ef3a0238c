import { toAckError } from './socket-ack';

describe(toAckError.name, () => {
  it('acks an unreachable database as service_unavailable with retry_after_ms, not as a server error', () => {
    const lost = new Error('Connection terminated unexpectedly');
    expect(toAckError(lost)).toEqual({
      error: { code: 'service_unavailable', detail: expect.any(String), retry_after_ms: 1000 },
      unexpected: false,
      unavailable: true,
    });
  });

  it('keeps a bug a server_error', () => {
    expect(toAckError(new TypeError('boom'))).toMatchObject({ error: { code: 'server_error' }, unexpected: true });
  });
});
