import type { AppConfig } from '../../core/config/app-config.service';
import { SecretBox } from './secret-box';

const boxWith = (secret: string) => new SecretBox({ get: () => secret } as unknown as AppConfig);

describe(SecretBox.name, () => {
  const box = boxWith('a-jwt-secret-that-is-long-enough-0123456789');

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const sealed = box.seal('client-secret');
    expect(sealed).not.toContain('client-secret');
    expect(box.open(sealed)).toBe('client-secret');
    expect(box.seal('client-secret')).not.toBe(sealed);
  });

  it('opens nothing altered or sealed under another JWT_SECRET', () => {
    const sealed = box.seal('client-secret');
    const [version, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(box.open([version, iv, flipped.toString('base64url'), tag].join('.'))).toBeNull();
    expect(boxWith('another-jwt-secret-that-is-long-enough-0123').open(sealed)).toBeNull();
    expect(box.open('garbage')).toBeNull();
  });
});
