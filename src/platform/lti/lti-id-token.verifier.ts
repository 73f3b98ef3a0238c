import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import { ltiDeploymentUnknown, ltiLaunchNotValid, ltiMessageNotSupported } from '../../core/errors/errors';
import { CLAIM, LTI_VERSION } from './lti-constants';
import { LtiPlatform } from './store/entities/lti-platform.entity';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** Asymmetric algorithms only (IMS Security Framework: RS256 at least); never `none` or HMAC. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/** How far the platform's clock may be off ours. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** An id token's claims once every check passed. */
export type LtiClaims = JWTPayload & { sub: string; nonce: string; [claim: string]: unknown };

/**
 * The id token of a launch, checked completely (IMS LTI Core 1.3 5.1.3, Security Framework 5.1.3):
 * the signature against the platform's key set (jose: cached, refetched on an unknown `kid` at
 * most once per cooldown), `iss`, `aud` (an array must also carry `azp` = our client id), `exp`
 * and `iat`, the `nonce` of this login, a registered deployment id, the message type and the version.
 */
@Injectable()
export class LtiIdTokenVerifier {
  private readonly keySets = new Map<string, KeySet>();

  async verify(platform: LtiPlatform, idToken: string, nonce: string, messageTypes: readonly string[]): Promise<LtiClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.keySet(platform.jwksUrl), {
        issuer: platform.issuer,
        audience: platform.clientId,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: '1h',
        requiredClaims: ['sub', 'exp', 'iat', 'nonce'],
      }));
    } catch (error) {
      throw ltiLaunchNotValid(reasonOf(error));
    }
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
      throw ltiLaunchNotValid('the id token names several audiences and its "azp" is not our client id.');
    }
    if (payload.nonce !== nonce) throw ltiLaunchNotValid('the nonce does not match this login (a replayed or forged id token).');
    const deploymentId = payload[CLAIM.deploymentId];
    if (typeof deploymentId !== 'string' || !platform.deploymentIds.includes(deploymentId)) {
      throw ltiDeploymentUnknown(typeof deploymentId === 'string' ? deploymentId : '');
    }
    const type = payload[CLAIM.messageType];
    if (typeof type !== 'string' || !messageTypes.includes(type)) {
      throw ltiMessageNotSupported(`the message type "${String(type).slice(0, 60)}" is not one of ${messageTypes.join(', ')}.`);
    }
    if (payload[CLAIM.version] !== LTI_VERSION) {
      throw ltiMessageNotSupported(`the LTI version "${String(payload[CLAIM.version]).slice(0, 20)}" is not ${LTI_VERSION}.`);
    }
    return payload as LtiClaims;
  }

  private keySet(url: string): KeySet {
    let set = this.keySets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: 10_000, cooldownDuration: 30_000 });
      this.keySets.set(url, set);
    }
    return set;
  }
}

/** What failed, in words an LMS administrator can act on. */
function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the id token has expired.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the id token's signature does not verify with the platform's key set.";
  if (error instanceof errors.JWKSNoMatchingKey) return "no key of the platform's key set matches the id token's signature.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the id token is for another audience (not our client id).';
    if (error.claim === 'iss') return 'the id token is from another issuer than the registered platform.';
    if (error.claim === 'iat') return 'the id token was issued too long ago or in the future.';
    return `the id token's "${error.claim}" claim is missing or not valid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "the id token's algorithm is not allowed.";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return "the platform's key set could not be read.";
  return 'the id token could not be read or verified.';
}
