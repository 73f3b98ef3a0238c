/**
 * Parley's own access tokens this node has already verified (signature, algorithm, issuer, audience,
 * `typ`), by their exact text, with the claims they carry: the same text verifies the same way until
 * it expires, so a client's next requests skip the HMAC and the claims checks. Only the token is
 * remembered, never the login: its session and user are looked up on every request, so a logout or a
 * suspension takes effect at once. Bounded: past `capacity` the oldest entry goes first.
 */
export class VerifiedTokens<Claims extends { exp?: number }> {
  private readonly byToken = new Map<string, Claims>();

  constructor(
    private readonly capacity = 20_000,
    private readonly nowSeconds = () => Math.floor(Date.now() / 1000),
  ) {}

  /** The claims of a token verified before and not expired since (jsonwebtoken's rule: expired from `exp` on). */
  get(token: string): Claims | undefined {
    const claims = this.byToken.get(token);
    if (!claims) return undefined;
    if (claims.exp !== undefined && this.nowSeconds() >= claims.exp) {
      this.byToken.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers a token that just passed verification. */
  remember(token: string, claims: Claims): void {
    if (this.byToken.size >= this.capacity) this.byToken.delete(this.byToken.keys().next().value!);
    this.byToken.set(token, claims);
  }
}
