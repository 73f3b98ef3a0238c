import { Injectable } from '@nestjs/common';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  CryptoKey,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  JWK,
  jwtVerify,
  SignJWT,
  JWTPayload,
} from 'jose';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { Policy } from '../../core/policy/policy';
import { LtiRepository } from './store/lti.repository';

/** What Parley signs with: RS256, as LTI 1.3 (IMS Security Framework) requires every party to accept. */
export const TOOL_ALG = 'RS256';

/**
 * The organization's own key pairs (docs/lti.md, "Keys"): made on first need, rotated by an admin.
 * The newest signs; every key stays in the published JWKS by its `kid` (RFC 7638 thumbprint), so
 * a platform that cached an older set still verifies what was signed before a rotation.
 */
@Injectable()
export class LtiKeys {
  /** Imported private keys by kid: importing PEM costs more than signing. */
  private readonly imported = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly repo: LtiRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The organization's published key set (public keys only). */
  async jwks(): Promise<{ keys: JWK[] }> {
    const keys = await this.repo.keys();
    return { keys: keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: TOOL_ALG, use: 'sig' })) };
  }

  /** Signs `payload` as the organization's tool with its newest key (made when there is none). */
  async sign(payload: JWTPayload, typ?: string): Promise<string> {
    const newest = (await this.repo.keys())[0] ?? (await this.create());
    let key = this.imported.get(newest.kid);
    if (!key) {
      key = importPKCS8(newest.privateKey, TOOL_ALG);
      this.imported.set(newest.kid, key);
    }
    return new SignJWT(payload).setProtectedHeader({ alg: TOOL_ALG, kid: newest.kid, ...(typ ? { typ } : {}) }).sign(await key);
  }

  /** A token Parley signed for itself (the deep-linking page's session), checked against the published keys. */
  async verifyOwn(token: string, audience: string): Promise<JWTPayload | null> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(await this.jwks()), { audience, algorithms: [TOOL_ALG] });
      return payload;
    } catch {
      return null;
    }
  }

  /** A new signing key (the older ones stay published). */
  async rotate(user: AuthUser): Promise<{ kid: string }> {
    Policy.require(user, 'lti.manage');
    const key = await this.create();
    await this.repo.transaction((manager) => this.audit.record(manager, { actor: user, action: 'lti.key_rotated', details: { kid: key.kid } }));
    return { kid: key.kid };
  }

  private async create(): Promise<{ kid: string; privateKey: string }> {
    const pair = await generateKeyPair(TOOL_ALG, { extractable: true, modulusLength: 2048 });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateKey = await exportPKCS8(pair.privateKey);
    await this.repo.insertKey({ kid, publicJwk: { ...publicJwk }, privateKey });
    return { kid, privateKey };
  }
}
