import { createDecipheriv, createECDH, createPublicKey, ECDH, hkdfSync, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';

/** What the stand-in push service decrypted from one request. */
export interface PushReceived {
  /** The subscription (path) it was sent to. */
  subscription: string;
  payload: Record<string, unknown>;
  vapid: { sub: string; aud: string; exp: number; key: string };
  headers: Record<string, string | string[] | undefined>;
}

/** A browser's side of a push subscription: an ECDH P-256 key pair and an auth secret, as `PushSubscription.toJSON()`. */
export class BrowserSubscription {
  private readonly ecdh: ECDH = createECDH('prime256v1');
  readonly auth = randomBytes(16);

  constructor(readonly endpoint: string) {
    this.ecdh.generateKeys();
  }

  get publicKey(): Buffer {
    return this.ecdh.getPublicKey();
  }

  toJSON() {
    return { endpoint: this.endpoint, keys: { p256dh: this.publicKey.toString('base64url'), auth: this.auth.toString('base64url') } };
  }

  /** RFC 8291 with RFC 8188 aes128gcm, a single record: what the browser does with a push message. */
  decrypt(body: Buffer): Buffer {
    const salt = body.subarray(0, 16);
    const idlen = body[20];
    const asPublic = body.subarray(21, 21 + idlen);
    const ciphertext = body.subarray(21 + idlen);
    const ecdhSecret = this.ecdh.computeSecret(asPublic);
    const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), this.publicKey, asPublic]);
    const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, this.auth, keyInfo, 32));
    const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
    const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end -= 1;
    if (padded[end] !== 2) throw new Error('not the last record (delimiter 0x02 missing)');
    return padded.subarray(0, end);
  }
}

/**
 * A stand-in push service (RFC 8030): each subscription is a path; a POST is checked as a browser's
 * push service would (VAPID JWT signed by the key in `k`, audience = this origin, expiry within 24 h),
 * decrypted with the subscription's private key and recorded. `status` per subscription answers other
 * than 201 (410: the subscription is gone; 500: the service is failing).
 */
export class PushService {
  server: Server;
  origin = '';
  received: PushReceived[] = [];
  rejected: string[] = [];
  status = new Map<string, number>();
  private readonly subscriptions = new Map<string, BrowserSubscription>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  subscribe(): BrowserSubscription {
    const sub = new BrowserSubscription(`${this.origin}/push/${randomBytes(8).toString('hex')}`);
    this.subscriptions.set(new URL(sub.endpoint).pathname, sub);
    return sub;
  }

  to(sub: BrowserSubscription): PushReceived[] {
    return this.received.filter((r) => r.subscription === new URL(sub.endpoint).pathname);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '';
    try {
      const sub = this.subscriptions.get(path);
      if (!sub || req.method !== 'POST') throw new Error(`unknown subscription ${path}`);
      if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
      if (!req.headers.ttl) throw new Error('no TTL header');
      const vapid = await this.checkVapid(String(req.headers.authorization ?? ''));
      const status = this.status.get(path) ?? 201;
      if (status === 201) {
        this.received.push({
          subscription: path,
          payload: JSON.parse(sub.decrypt(Buffer.concat(chunks)).toString('utf8')),
          vapid,
          headers: req.headers,
        });
      }
      res.writeHead(status).end();
    } catch (error) {
      this.rejected.push(String(error));
      res.writeHead(400).end();
    }
  }

  /** `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): an ES256 JWT for this origin. */
  private async checkVapid(header: string): Promise<PushReceived['vapid']> {
    const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
    if (!match) throw new Error(`Authorization is not VAPID: ${header}`);
    const raw = Buffer.from(match[2], 'base64url');
    const key = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') },
      format: 'jwk',
    });
    const { payload, protectedHeader } = await jwtVerify(match[1], key, { audience: this.origin, algorithms: ['ES256'] });
    if (protectedHeader.typ !== 'JWT') throw new Error(`typ ${protectedHeader.typ}`);
    const exp = payload.exp ?? 0;
    if (exp * 1000 > Date.now() + 24 * 3600 * 1000) throw new Error('VAPID JWT expires more than 24 h ahead');
    return { sub: String(payload.sub), aud: String(payload.aud), exp, key: match[2] };
  }
}
