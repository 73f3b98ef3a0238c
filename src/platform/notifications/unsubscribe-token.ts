import { createHmac, timingSafeEqual } from 'node:crypto';

/** The unsubscribe link's proof that it was mailed to this user: an HMAC of the user id under a key derived from the server secret. */
export function unsubscribeToken(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`parley-email-unsubscribe:${userId}`).digest('base64url');
}

export function isUnsubscribeToken(secret: string, userId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, userId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
