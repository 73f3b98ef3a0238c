import { startTestApp, TestApp } from '../../../test/support/test-app.js';
import { ParleyClient, type Room } from '../src/index.js';
import { collect, connected, next, signedInClient, until } from './support/sdk-users.js';
import { withClient } from '../../../test/support/test-database.js';

/**
 * Token renewal mid-session: with 10 s access tokens the SDK renews before
 * expiry (REST and socket), so the server never has to drop the socket for an
 * expired token and nothing sent meanwhile is lost or doubled.
 */
describe('SDK tokens', () => {
  let t: TestApp;
  let alice: ParleyClient;
  let bob: ParleyClient;
  let room: Room;

  beforeAll(async () => {
    t = await startTestApp({ JWT_ACCESS_TTL: '10s', SOCKET_RATE_LIMIT: '100000' });
    alice = await signedInClient(t.baseUrl, t.baseUrl, 'alice');
    bob = await signedInClient(t.baseUrl, t.baseUrl, 'bob');
    room = (await bob.rest.POST('/api/v1/rooms', { body: { room_type: 'GROUP', name: 'Renewals', participants: [alice.user!.id] } }))
      .data as unknown as Room;
    await connected(alice);
    await connected(bob);
  });

  afterAll(async () => {
    alice?.close();
    bob?.close();
    await t?.close();
  });

  it('renews the token at least twice in 16 s while messages flow, without a server-side disconnect', async () => {
    const renewals: string[] = [];
    alice.on('tokens', (tokens) => tokens && renewals.push(tokens.access_token));
    const kicked: string[] = [];
    alice.realtime.socket.on('disconnect', (reason) => reason === 'io server disconnect' && kicked.push(reason));
    const received = collect(alice);
    const sent = [];
    for (let i = 0; i < 16; i += 1) {
      sent.push(bob.send(room.id, `tick ${i}`));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await until(() => (received.get(room.id)?.length ?? 0) >= 16, 20_000, 'every tick');
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    expect(new Set(renewals).size).toBe(renewals.length);
    expect(kicked).toEqual([]);
    expect(received.get(room.id)!.map((m) => m.content)).toEqual(sent.map((m) => m.content));
    // The REST client carries the renewed token.
    const me = await alice.rest.GET('/api/v1/users/me');
    expect(me.response.status).toBe(200);
  }, 60_000);

  it('renews on a 401 and sends the request once more', async () => {
    // A login of its own: sharing Alice's refresh token with her running client would race its renewals.
    const login = await new ParleyClient({ baseUrl: t.baseUrl }).rest.POST('/api/v1/auth/login', {
      body: { login: alice.user!.username, password: 'a-good-password' },
    });
    const pair = login.data as unknown as { refresh_token: string };
    // An app that kept an expired access token but a good refresh token (e.g. from storage).
    const resumed = new ParleyClient({
      baseUrl: t.baseUrl,
      tokens: { refresh_token: pair.refresh_token, access_token: 'expired.or.garbage', expires_at: Date.now() + 60_000 },
    });
    const renewed = next(resumed, 'tokens');
    const me = await resumed.rest.GET('/api/v1/users/me');
    expect(me.response.status).toBe(200);
    await expect(renewed).resolves.toMatchObject({ refresh_token: expect.any(String) });
    resumed.close();
  });

  it('signs out when the refresh token is no longer valid', async () => {
    const lost = new ParleyClient({
      baseUrl: t.baseUrl,
      tokens: { access_token: 'x', refresh_token: 'not-a-refresh-token', expires_at: Date.now() + 60_000 },
    });
    const signedOut = next(lost, 'tokens', (tokens) => tokens === null);
    const me = await lost.rest.GET('/api/v1/users/me').catch((error: { code?: string }) => error);
    expect(me).toMatchObject({ code: 'token_not_valid' });
    await signedOut;
    lost.close();
  });

  it('signs out, REST and socket, when an admin suspends the user (account_suspended)', async () => {
    const carol = await signedInClient(t.baseUrl, t.baseUrl, 'carol');
    await connected(carol);
    const signedOut = next(carol, 'tokens', (tokens) => tokens === null);
    const why = next(carol, 'signedOut');
    await withClient(t.databaseUrl, (c) => c.query(`INSERT INTO user_suspensions (user_id, reason) VALUES ($1, 'test')`, [carol.user!.id]));
    const me = await carol.rest.GET('/api/v1/users/me');
    expect(me.response.status).toBe(403);
    await signedOut;
    await expect(why).resolves.toEqual({ reason: 'account_suspended' }); // the app says why it signed out
    carol.close();
  });
});
