import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, JWK, SignJWT } from 'jose';
import { registerUser } from './support/factories';
import { connect } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/** A stand-in identity provider: discovery document and JWK set, counting JWK-set fetches. */
class FakeProvider {
  server: Server;
  issuer = '';
  published: JWK[] = [];
  jwksFetches = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: `${this.issuer}/jwks.json` }));
      } else if (req.url === '/jwks.json') {
        this.jwksFetches += 1;
        res.end(JSON.stringify({ keys: this.published }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async publish(kid: string, pair: KeyPair, alg: string): Promise<void> {
    this.published.push({ ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' });
  }
}

const AUDIENCE = 'parley-test-clients';

describe('External identity provider tokens (e2e)', () => {
  const provider = new FakeProvider();
  let t: TestApp;
  let rsa: KeyPair;
  let ec: KeyPair;

  const token = (
    claims: Record<string, unknown>,
    {
      key = rsa,
      kid = 'rsa-1',
      alg = 'RS256',
      typ,
      iss,
      aud = AUDIENCE,
      iat = Math.floor(Date.now() / 1000),
      exp = '5m',
    }: { key?: KeyPair; kid?: string; alg?: string; typ?: string; iss?: string; aud?: string; iat?: number | null; exp?: string | number } = {},
  ) => {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg, kid, ...(typ === undefined ? {} : { typ }) })
      .setIssuer(iss ?? provider.issuer)
      .setAudience(aud);
    if (iat !== null) jwt.setIssuedAt(iat);
    return jwt.setExpirationTime(exp).sign(key.privateKey);
  };
  const me = (jwt: string) => t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${jwt}`);
  const identities = (subject: string) =>
    withClient(
      t.databaseUrl,
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM external_identities WHERE subject = $1`, [subject])).rows[0].n as number,
    );

  beforeAll(async () => {
    await provider.start();
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    await provider.publish('rsa-1', rsa, 'RS256');
    t = await startTestApp({
      AUTH_OIDC_ISSUER: provider.issuer,
      AUTH_EXTERNAL_AUDIENCE: AUDIENCE,
      AUTH_LOCAL: 'false',
      AUTH_JWKS_COOLDOWN: '1s',
      AUTH_CLAIM_ROLE: 'realm_access.roles',
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => provider.server.close(resolve));
  });

  it('accepts a valid token on REST and provisions the user once, updating the profile later', async () => {
    const jwt = await token({ sub: 'kc-alice', preferred_username: 'alice', name: 'Alice A.', email: 'alice@corp.example' });
    const first = await me(jwt).expect(200);
    expect(first.body).toMatchObject({ username: 'alice', display_name: 'Alice A.', email: 'alice@corp.example' });
    await me(jwt).expect(200);
    const renamed = await me(await token({ sub: 'kc-alice', preferred_username: 'alice2', name: 'Alice Anders' })).expect(200);
    expect(renamed.body).toMatchObject({ id: first.body.id, username: 'alice', display_name: 'Alice Anders' });
    await expect(identities('kc-alice')).resolves.toBe(1);
  });

  it('provisions concurrent first tokens of one subject once', async () => {
    const jwt = await token({ sub: 'kc-race', preferred_username: 'racer' });
    const answers = await Promise.all(Array.from({ length: 5 }, () => me(jwt)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    await expect(identities('kc-race')).resolves.toBe(1);
  });

  it('makes a colliding username unique', async () => {
    await me(await token({ sub: 'kc-bob-1', preferred_username: 'bob' })).expect(200);
    const second = await me(await token({ sub: 'kc-bob-2', preferred_username: 'bob' })).expect(200);
    expect(second.body.username).toBe('bob-2');
  });

  it('accepts the token on the Socket.IO handshake', async () => {
    const socket = await connect(t.baseUrl, await token({ sub: 'kc-sock', preferred_username: 'socky' }));
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it("refuses a suspended user's provider tokens on REST and the handshake (403 account_suspended), and ends their sockets", async () => {
    const admin = {
      Authorization: `Bearer ${await token({ sub: 'kc-suspender', preferred_username: 'suspender', realm_access: { roles: ['admin'] } })}`,
    };
    const jwt = await token({ sub: 'kc-suspended', preferred_username: 'suspended' });
    const { id } = (await me(jwt).expect(200)).body;
    const socket = await connect(t.baseUrl, jwt);
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    await t.http.post(`${API}/admin/users/${id}/suspension`).set(admin).send({ reason: 'abuse' }).expect(201);
    await gone;
    expect((await me(await token({ sub: 'kc-suspended' })).expect(403)).body.code).toBe('account_suspended');
    const refused = await connect(t.baseUrl, jwt).then(
      () => 'connected',
      (error: { code?: string }) => error.code,
    );
    expect(refused).toBe('account_suspended');
    await t.http.delete(`${API}/admin/users/${id}/suspension`).set(admin).expect(204);
    await me(jwt).expect(200);
  });

  it('keeps working when the provider rotates its keys (ES256 under a new kid)', async () => {
    await provider.publish('ec-2', ec, 'ES256');
    provider.published = provider.published.filter((k) => k.kid !== 'rsa-1');
    // jose refetches the set for an unknown kid at most once per cooldown (1 s here) since the last fetch.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await me(await token({ sub: 'kc-rot', preferred_username: 'rotated' }, { key: ec, kid: 'ec-2', alg: 'ES256' })).expect(200);
    await me(await token({ sub: 'kc-rot' }, { key: ec, kid: 'ec-2', alg: 'ES256' })).expect(200);
  });

  describe('refuses bad tokens with 401 token_not_valid', () => {
    const refused = async (jwt: string) => {
      const res = await me(jwt).expect(401);
      expect(res.body.code).toBe('token_not_valid');
      await expect(connect(t.baseUrl, jwt)).rejects.toMatchObject({ code: 'token_not_valid' });
    };

    it('expired', async () => {
      await refused(await token({ sub: 'kc-x' }, { key: ec, kid: 'ec-2', alg: 'ES256', exp: Math.floor(Date.now() / 1000) - 60 }));
    });

    it('wrong issuer', async () => {
      await refused(await token({ sub: 'kc-x' }, { key: ec, kid: 'ec-2', alg: 'ES256', iss: 'https://evil.example' }));
    });

    it('wrong audience', async () => {
      await refused(await token({ sub: 'kc-x' }, { key: ec, kid: 'ec-2', alg: 'ES256', aud: 'someone-else' }));
    });

    it('alg none', async () => {
      const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'kc-x', iss: provider.issuer, aud: AUDIENCE, iat: now, exp: now + 300 })}.`);
    });

    it('HS256 signed with the public key', async () => {
      const pem = await exportSPKI(ec.publicKey);
      const forged = await new SignJWT({ sub: 'kc-x' })
        .setProtectedHeader({ alg: 'HS256', kid: 'ec-2' })
        .setIssuer(provider.issuer)
        .setAudience(AUDIENCE)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(pem));
      await refused(forged);
    });

    it('unknown kid, without hammering the provider', async () => {
      const stranger = await generateKeyPair('RS256');
      const before = provider.jwksFetches;
      for (let i = 0; i < 10; i += 1) await refused(await token({ sub: 'kc-x' }, { key: stranger, kid: `nope-${i}` }));
      expect(provider.jwksFetches - before).toBeLessThanOrEqual(2);
    });

    it('no subject', async () => {
      await refused(await token({}, { key: ec, kid: 'ec-2', alg: 'ES256' }));
    });

    it('an OpenID ID token (typ id+jwt), however the type is written, provisioning nobody', async () => {
      for (const typ of ['id+jwt', 'application/id+jwt', 'ID+JWT', 'secevent+jwt']) {
        await refused(await token({ sub: 'kc-id-token', preferred_username: 'idtoken' }, { key: ec, kid: 'ec-2', alg: 'ES256', typ }));
      }
      await expect(identities('kc-id-token')).resolves.toBe(0);
    });
  });

  it('accepts the access-token types at+jwt and JWT, or no typ at all (AUTH_EXTERNAL_ACCEPTED_TYPES)', async () => {
    for (const typ of ['at+jwt', 'application/at+jwt', 'AT+JWT', 'JWT', undefined]) {
      const jwt = await token({ sub: 'kc-types', preferred_username: 'typed' }, { key: ec, kid: 'ec-2', alg: 'ES256', typ });
      await me(jwt).expect(200);
      const socket = await connect(t.baseUrl, jwt);
      expect(socket.connected).toBe(true);
      socket.close();
    }
  });

  describe('the global role from AUTH_CLAIM_ROLE', () => {
    const now = Math.floor(Date.now() / 1000);
    const asRole = (iat: number | null, roles: string[]) =>
      token({ sub: 'kc-role', preferred_username: 'roley', realm_access: { roles } }, { key: ec, kid: 'ec-2', alg: 'ES256', iat });
    const roleOf = async (jwt: string) => (await me(jwt).expect(200)).body.role as string;

    it('follows the newest token only: an older token still carrying admin does not promote again', async () => {
      const older = await asRole(now - 300, ['admin', 'staff']);
      await expect(roleOf(older)).resolves.toBe('admin');
      const adminSocket = await connect(t.baseUrl, older);
      const dropped = new Promise((resolve) => adminSocket.once('disconnect', resolve));
      const newer = await asRole(now - 100, ['staff']);
      await expect(roleOf(newer)).resolves.toBe('user');
      await dropped; // a socket holding the admin rights goes, to reconnect with what the user has now
      adminSocket.close();
      await expect(roleOf(older)).resolves.toBe('user');
      await expect(roleOf(await asRole(now - 200, ['admin']))).resolves.toBe('user');
      await expect(roleOf(await asRole(null, ['admin']))).resolves.toBe('user'); // no iat: cannot be ordered, changes nothing
      await me(older).expect(200);
      const forbidden = await t.http.get(`${API}/admin/audit`).set('Authorization', `Bearer ${older}`).expect(403);
      expect(forbidden.body.code).toBe('permission_denied');
      // Nor through the socket handshake.
      const socket = await connect(t.baseUrl, older);
      socket.close();
      await expect(roleOf(newer)).resolves.toBe('user');
    });

    it("audits every change a token makes, from and to, with the token's iat", async () => {
      const newest = await asRole(now, ['admin']);
      await expect(roleOf(newest)).resolves.toBe('admin');
      const audit = await t.http.get(`${API}/admin/audit`).set('Authorization', `Bearer ${newest}`).expect(200);
      const userId = (await me(newest)).body.id;
      const changes = audit.body.results.filter(
        (e: { action: string; target_id: string }) => e.action === 'user.role_changed' && e.target_id === userId,
      );
      expect(changes.map((e: { actor_id: string | null; details: unknown }) => ({ actor_id: e.actor_id, details: e.details }))).toEqual([
        { actor_id: null, details: { from: 'user', to: 'admin', issuer: provider.issuer, iat: now } },
        { actor_id: null, details: { from: 'admin', to: 'user', issuer: provider.issuer, iat: now - 100 } },
        { actor_id: null, details: { from: null, to: 'admin', issuer: provider.issuer, iat: now - 300 } },
      ]);
    });
  });

  it('turns Parley register and login off with AUTH_LOCAL=false', async () => {
    const login = await t.http.post(`${API}/auth/login`).send({ login: 'alice', password: 'whatever-password' }).expect(403);
    expect(login.body.code).toBe('local_auth_disabled');
    await expect(registerUser(t.http)).rejects.toThrow(/403/);
  });

  // Last: a second app in the same process.
  it('takes the JWK set URL directly (AUTH_JWKS_URL) with a pinned AUTH_EXTERNAL_ISSUER', async () => {
    const direct = await startTestApp({
      AUTH_JWKS_URL: `${provider.issuer}/jwks.json`,
      AUTH_EXTERNAL_ISSUER: 'https://idp.example.com',
      AUTH_EXTERNAL_AUDIENCE: AUDIENCE,
      AUTH_LOCAL: 'true',
    });
    try {
      const jwt = await token(
        { sub: 'direct-1', preferred_username: 'direct' },
        { key: ec, kid: 'ec-2', alg: 'ES256', iss: 'https://idp.example.com' },
      );
      const res = await direct.http.get(`${API}/users/me`).set('Authorization', `Bearer ${jwt}`).expect(200);
      expect(res.body.username).toBe('direct');
      await registerUser(direct.http); // local login is on here
    } finally {
      await direct.close();
    }
  });
});
