import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface OidcUser {
  sub: string;
  sid?: string;
  claims?: Record<string, unknown>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | undefined;
  user: OidcUser;
}

/**
 * A stand-in OpenID Connect provider, written from the specifications (Core 1.0, Discovery 1.0,
 * RFC 7636 PKCE, RP-Initiated Logout 1.0, Back-Channel Logout 1.0) with `jose`: discovery, a
 * key set, an authorization endpoint that signs `nextUser` in at once, a token endpoint that
 * checks the client secret and the PKCE verifier, an end_session endpoint that records its calls,
 * and logout tokens. `tamper` bends the next ID token or code to test refusals.
 */
export class OidcProvider {
  server: Server;
  issuer = '';
  readonly clientId = 'parley-client';
  readonly clientSecret = randomBytes(16).toString('hex');
  nextUser: OidcUser = { sub: 'user-1' };
  /** Applied to the next ID token's claims (then cleared); `key: 'other'` signs it with a key not in the key set. */
  tamper: { claims?: Record<string, unknown>; key?: 'other'; challenge?: string } = {};
  endSessionCalls: URLSearchParams[] = [];
  tokenRequests = 0;
  private readonly codes = new Map<string, IssuedCode>();
  private key!: Key;
  private otherKey!: Key;
  private jwk!: Record<string, unknown>;

  async start(): Promise<this> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    this.key = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    this.otherKey = (await generateKeyPair('RS256', { extractable: true })).privateKey;
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => res.writeHead(500).end()));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** A logout token (Back-Channel Logout 1.0, 2.4) with `claims` over the valid defaults (undefined removes one). */
  logoutToken(claims: Record<string, unknown> = {}, options: { key?: 'other'; typ?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      iat: now,
      exp: now + 120,
      jti: randomUUID(),
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return this.sign(payload, options.key, options.typ ?? 'logout+jwt');
  }

  private sign(payload: JWTPayload, key: 'other' | undefined, typ = 'JWT'): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ }).sign(key === 'other' ? this.otherKey : this.key);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    const json = (status: number, body: unknown): void =>
      void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
        end_session_endpoint: `${this.issuer}/end_session`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [this.jwk] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri') ?? '';
      if (
        q.get('client_id') !== this.clientId ||
        q.get('response_type') !== 'code' ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge')
      ) {
        return json(400, { error: 'invalid_request' });
      }
      const code = randomBytes(16).toString('hex');
      const challenge = this.tamper.challenge ?? q.get('code_challenge')!;
      delete this.tamper.challenge;
      this.codes.set(code, {
        clientId: this.clientId,
        redirectUri,
        challenge,
        nonce: q.get('nonce') ?? undefined,
        user: this.nextUser,
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      if (q.get('state')) back.searchParams.set('state', q.get('state')!);
      back.searchParams.set('iss', this.issuer);
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      this.tokenRequests += 1;
      const form = new URLSearchParams(await body(req));
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const [id, secret] = basic.split(':').map(decodeURIComponent);
      if (id !== this.clientId || secret !== this.clientSecret) return json(401, { error: 'invalid_client' });
      const issued = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (!issued || form.get('grant_type') !== 'authorization_code' || form.get('redirect_uri') !== issued.redirectUri) {
        return json(400, { error: 'invalid_grant' });
      }
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (challenge !== issued.challenge) return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = {
        iss: this.issuer,
        aud: this.clientId,
        sub: issued.user.sub,
        iat: now,
        exp: now + 300,
        ...(issued.nonce ? { nonce: issued.nonce } : {}),
        ...(issued.user.sid ? { sid: issued.user.sid } : {}),
        ...issued.user.claims,
        ...this.tamper.claims,
      };
      const key = this.tamper.key;
      this.tamper = {};
      return json(200, {
        access_token: randomBytes(16).toString('hex'),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: await this.sign(claims, key),
      });
    }
    if (url.pathname === '/end_session') {
      this.endSessionCalls.push(url.searchParams);
      res.writeHead(302, { Location: url.searchParams.get('post_logout_redirect_uri') ?? '/' }).end();
      return;
    }
    json(404, { error: 'not_found' });
  }
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
