import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AppConfig } from '../../core/config/app-config.service';

/**
 * Encrypts the secrets of identity provider configurations at rest (AES-256-GCM), with a key
 * derived from JWT_SECRET (HKDF-SHA256): a database dump alone does not reveal them. Rotating
 * JWT_SECRET makes the stored ones unreadable: an admin enters them again (docs/sign-in.md).
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.get('JWT_SECRET'), 'parley', 'sign-in provider secrets', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** The plain secret, or null when it cannot be opened (JWT_SECRET changed since). */
  open(box: string): string | null {
    const [version, iv, sealed, tag] = box.split('.');
    if (version !== 'v1' || !iv || !sealed || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
