import { Injectable, Logger } from '@nestjs/common';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import webpush from 'web-push';
import { AppConfig } from '../../core/config/app-config.service';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * The VAPID key pair (RFC 8292) web push signs with: from configuration, or in development and test
 * generated once and kept under DATA_DIR (like the JWT secret) so browsers' subscriptions survive restarts.
 * Elsewhere without keys, web push is off (null).
 */
@Injectable()
export class VapidKeyStore {
  private readonly logger = new Logger('Notifications');
  private cached?: VapidKeys | null;

  constructor(private readonly config: AppConfig) {}

  get(): VapidKeys | null {
    if (this.cached === undefined) this.cached = this.resolve();
    return this.cached;
  }

  private resolve(): VapidKeys | null {
    const subject = this.config.get('VAPID_SUBJECT');
    const publicKey = this.config.get('VAPID_PUBLIC_KEY');
    const privateKey = this.config.get('VAPID_PRIVATE_KEY');
    if (publicKey && privateKey) return { publicKey, privateKey, subject };
    if (!['development', 'test'].includes(this.config.get('NODE_ENV'))) {
      this.logger.warn('VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY are not set: web push is off.');
      return null;
    }
    return { ...developmentKeys(this.config.get('DATA_DIR')), subject };
  }
}

function developmentKeys(dataDir: string): { publicKey: string; privateKey: string } {
  const file = join(resolve(dataDir), 'vapid-keys.json');
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { publicKey?: string; privateKey?: string };
    if (kept.publicKey && kept.privateKey) return { publicKey: kept.publicKey, privateKey: kept.privateKey };
  } catch {
    // first start: generate below
  }
  const keys = webpush.generateVAPIDKeys();
  mkdirSync(resolve(dataDir), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
  return keys;
}
