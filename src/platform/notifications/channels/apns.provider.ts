import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { importPKCS8, SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import { ClientHttp2Session, connect, constants } from 'node:http2';
import { AppConfig } from '../../../core/config/app-config.service';
import { NotificationDevice } from '../store/entities/notification-device.entity';
import { PushContent, PushOutcome, PushProvider } from './push-provider';

const TIMEOUT_MS = 10_000;
/** APNs refuses a provider token older than an hour, and one renewed more often than every 20 minutes. */
const TOKEN_LIFETIME_MS = 40 * 60 * 1000;

/**
 * iOS push through APNs with token-based auth (a `.p8` key: an ES256 JWT with the key id and team id)
 * over one HTTP/2 connection. The alert says only what the privacy rule allows (`PushContent`); the rest
 * rides as data. 410 (Unregistered) or 400 BadDeviceToken forgets the device.
 */
@Injectable()
export class ApnsProvider implements PushProvider, OnApplicationShutdown {
  readonly kinds = ['ios'] as const;
  private readonly logger = new Logger('Notifications');
  private key?: string | null;
  private jwt?: { value: string; until: number };
  private session?: ClientHttp2Session;

  constructor(private readonly config: AppConfig) {}

  enabled(): boolean {
    return this.keyPem() !== null && Boolean(this.config.get('APNS_KEY_ID') && this.config.get('APNS_TEAM_ID'));
  }

  async send(device: NotificationDevice, content: PushContent): Promise<PushOutcome> {
    const { title, body, ...data } = content;
    const payload = JSON.stringify({ aps: { alert: { title, body }, sound: 'default', 'thread-id': content.room_id }, parley: data });
    try {
      const headers = {
        [constants.HTTP2_HEADER_METHOD]: 'POST',
        [constants.HTTP2_HEADER_PATH]: `/3/device/${device.token}`,
        authorization: `bearer ${await this.providerToken()}`,
        'apns-topic': device.appId!,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-collapse-id': content.room_id,
        'content-type': 'application/json',
      };
      const { status, body: answer } = await this.request(headers, payload);
      if (status === 200) return { ok: true };
      const gone = status === 410 || (status === 400 && answer.includes('BadDeviceToken'));
      return { ok: false, gone, error: `APNs HTTP ${status}: ${answer.slice(0, 300)}` };
    } catch (error) {
      this.session?.destroy();
      this.session = undefined;
      return { ok: false, gone: false, error: `APNs: ${String(error)}` };
    }
  }

  onApplicationShutdown(): void {
    this.session?.close();
  }

  private request(headers: Record<string, string>, payload: string): Promise<{ status: number; body: string }> {
    if (!this.session || this.session.closed || this.session.destroyed) {
      this.session = connect(this.config.get('APNS_URL'));
      this.session.on('error', () => (this.session = undefined));
      this.session.unref();
    }
    const stream = this.session.request(headers);
    stream.setTimeout(TIMEOUT_MS, () => stream.close(constants.NGHTTP2_CANCEL));
    return new Promise((resolve, reject) => {
      let status = 0;
      const chunks: Buffer[] = [];
      stream.on('response', (h) => (status = Number(h[constants.HTTP2_HEADER_STATUS])));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
      stream.on('error', reject);
      stream.on('close', () => status === 0 && reject(new Error('stream closed without an answer')));
      stream.end(payload);
    });
  }

  private async providerToken(): Promise<string> {
    if (this.jwt && this.jwt.until > Date.now()) return this.jwt.value;
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: this.config.get('APNS_KEY_ID')! })
      .setIssuer(this.config.get('APNS_TEAM_ID')!)
      .setIssuedAt()
      .sign(await importPKCS8(this.keyPem()!, 'ES256'));
    this.jwt = { value, until: Date.now() + TOKEN_LIFETIME_MS };
    return value;
  }

  private keyPem(): string | null {
    if (this.key !== undefined) return this.key;
    const file = this.config.get('APNS_KEY_FILE');
    this.key = null;
    if (!file) return null;
    try {
      this.key = readFileSync(file, 'utf8');
    } catch (error) {
      this.logger.warn(`APNS_KEY_FILE could not be read: ${String(error)}; iOS push is off.`);
    }
    return this.key;
  }
}
