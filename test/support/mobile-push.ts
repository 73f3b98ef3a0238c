import { generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { createServer as createHttp2Server, Http2Server, ServerHttp2Stream, IncomingHttpHeaders } from 'node:http2';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';

const folder = () => mkdtempSync(join(tmpdir(), 'parley-mobile-push-'));
const readBody = async (req: IncomingMessage | ServerHttp2Stream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * A stand-in for FCM HTTP v1 and Google's OAuth token endpoint: a service account key file of its own,
 * the JWT-bearer grant checked with the account's public key, messages recorded per token.
 */
export class FcmStandIn {
  server: Server;
  origin = '';
  dir = folder();
  serviceAccountFile = join(this.dir, 'service-account.json');
  received: { token: string; data: Record<string, string>; android: Record<string, unknown> }[] = [];
  rejected: string[] = [];
  status = new Map<string, number>();
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly accessToken = randomBytes(12).toString('hex');

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ([status, body]) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
        (error: unknown) => {
          this.rejected.push(String(error));
          res.writeHead(401).end('{}');
        },
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    const account = {
      type: 'service_account',
      project_id: 'parley-test',
      client_email: 'push@parley-test.iam.gserviceaccount.com',
      private_key: this.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }),
      token_uri: `${this.origin}/token`,
    };
    writeFileSync(this.serviceAccountFile, JSON.stringify(account));
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const body = await readBody(req);
    if (req.url === '/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') throw new Error('grant_type');
      const { payload } = await jwtVerify(form.get('assertion')!, this.keys.publicKey, {
        audience: `${this.origin}/token`,
        issuer: 'push@parley-test.iam.gserviceaccount.com',
      });
      if (payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging') throw new Error('scope');
      return [200, { access_token: this.accessToken, expires_in: 3600, token_type: 'Bearer' }];
    }
    if (req.url !== '/v1/projects/parley-test/messages:send') throw new Error(`path ${req.url}`);
    if (req.headers.authorization !== `Bearer ${this.accessToken}`) throw new Error('access token');
    const { message } = JSON.parse(body) as { message: FcmStandIn['received'][number] };
    const status = this.status.get(message.token) ?? 200;
    if (status === 404) return [404, { error: { code: 404, status: 'NOT_FOUND', details: [{ errorCode: 'UNREGISTERED' }] } }];
    if (status !== 200) return [status, { error: { code: status } }];
    this.received.push(message);
    return [200, { name: `projects/parley-test/messages/${randomBytes(4).toString('hex')}` }];
  }
}

/** A stand-in for APNs over HTTP/2 (cleartext): provider tokens checked with the .p8 key's public half. */
export class ApnsStandIn {
  server: Http2Server;
  origin = '';
  dir = folder();
  keyFile = join(this.dir, 'AuthKey_TESTKEY123.p8');
  readonly keyId = 'TESTKEY123';
  readonly teamId = 'TEAM123456';
  received: { token: string; headers: IncomingHttpHeaders; payload: Record<string, unknown> }[] = [];
  rejected: string[] = [];
  status = new Map<string, number>();
  private readonly keys: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  async start(): Promise<this> {
    writeFileSync(this.keyFile, this.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    this.server = createHttp2Server();
    this.server.on('stream', (stream, headers) => void this.handle(stream, headers));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async handle(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Promise<void> {
    const body = await readBody(stream);
    try {
      const token = /^\/3\/device\/([\w]+)$/.exec(String(headers[':path']))?.[1];
      if (!token || headers[':method'] !== 'POST') throw new Error(`path ${headers[':path']}`);
      const jwt = /^bearer (.+)$/.exec(String(headers.authorization))?.[1] ?? '';
      const { protectedHeader } = await jwtVerify(jwt, this.keys.publicKey, { issuer: this.teamId, algorithms: ['ES256'] });
      if (protectedHeader.kid !== this.keyId) throw new Error('kid');
      if (!headers['apns-topic']) throw new Error('apns-topic');
      const status = this.status.get(token) ?? 200;
      if (status === 200) this.received.push({ token, headers, payload: JSON.parse(body) });
      stream.respond({ ':status': status, 'apns-id': randomBytes(8).toString('hex') });
      stream.end(status === 200 ? '' : JSON.stringify({ reason: status === 410 ? 'Unregistered' : 'InternalServerError' }));
    } catch (error) {
      this.rejected.push(String(error));
      stream.respond({ ':status': 403 });
      stream.end(JSON.stringify({ reason: 'InvalidProviderToken' }));
    }
  }
}
