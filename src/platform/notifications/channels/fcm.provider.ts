import { Injectable, Logger } from '@nestjs/common';
import { importPKCS8, SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import { AppConfig } from '../../../core/config/app-config.service';
import { NotificationDevice } from '../store/entities/notification-device.entity';
import { PushContent, PushOutcome, PushProvider } from './push-provider';

interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  token_uri: string;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const TIMEOUT_MS = 10_000;

/** FCM data messages carry strings only. */
export const dataOf = (content: PushContent): Record<string, string> =>
  Object.fromEntries(Object.entries({ type: 'message', ...content }).map(([k, v]) => [k, String(v)]));

/**
 * Android push through Firebase Cloud Messaging HTTP v1: an OAuth access token from the service account
 * (a signed JWT exchanged at its token_uri, kept until shortly before it expires), then one data-only
 * message per device. FCM answering 404 (UNREGISTERED) forgets the device.
 */
@Injectable()
export class FcmProvider implements PushProvider {
  readonly kinds = ['android'] as const;
  private readonly logger = new Logger('Notifications');
  private account?: ServiceAccount | null;
  private token?: { value: string; until: number };

  constructor(private readonly config: AppConfig) {}

  enabled(): boolean {
    return this.serviceAccount() !== null;
  }

  async send(device: NotificationDevice, content: PushContent): Promise<PushOutcome> {
    const account = this.serviceAccount()!;
    const url = `${this.config.get('FCM_URL').replace(/\/+$/, '')}/v1/projects/${account.project_id}/messages:send`;
    const message = { token: device.token, data: dataOf(content), android: { priority: 'high', collapse_key: content.room_id } };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${await this.accessToken(account)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (res.ok) return { ok: true };
      const body = (await res.text()).slice(0, 300);
      if (res.status === 401) this.token = undefined;
      return { ok: false, gone: res.status === 404 || body.includes('UNREGISTERED'), error: `FCM HTTP ${res.status}: ${body}` };
    } catch (error) {
      return { ok: false, gone: false, error: `FCM: ${String(error)}` };
    }
  }

  private async accessToken(account: ServiceAccount): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(account.client_email)
      .setAudience(account.token_uri)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(await importPKCS8(account.private_key, 'RS256'));
    const res = await fetch(account.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
    const body = (await res.json()) as { access_token: string; expires_in?: number };
    this.token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 3600) - 300) * 1000 };
    return body.access_token;
  }

  private serviceAccount(): ServiceAccount | null {
    if (this.account !== undefined) return this.account;
    const file = this.config.get('FCM_SERVICE_ACCOUNT_FILE');
    this.account = null;
    if (!file) return null;
    try {
      this.account = JSON.parse(readFileSync(file, 'utf8')) as ServiceAccount;
    } catch (error) {
      this.logger.warn(`FCM_SERVICE_ACCOUNT_FILE could not be read: ${String(error)}; Android push is off.`);
    }
    return this.account;
  }
}
