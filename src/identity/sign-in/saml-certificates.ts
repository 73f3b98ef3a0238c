import { X509Certificate } from 'node:crypto';

/** A certificate's base64 body (what node-saml's `idpCert` takes), from PEM or bare base64; null when it is not a certificate. */
export function bareCertificate(input: string): string | null {
  const body = input
    .replace(/-----BEGIN CERTIFICATE-----/g, '')
    .replace(/-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  try {
    new X509Certificate(Buffer.from(body, 'base64'));
    return body;
  } catch {
    return null;
  }
}
