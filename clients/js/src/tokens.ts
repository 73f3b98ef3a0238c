import { Emitter } from './emitter.js';
import { ParleyError } from './errors.js';
import type { TokenStorage } from './token-storage.js';
import type { AuthResult, TokenPair } from './types.js';

export interface StoredTokens {
  access_token: string;
  refresh_token: string;
  /** Epoch ms when the access token expires. */
  expires_at: number;
}

type TokenEvents = { renewed: StoredTokens; signedOut: { reason: string } };

/** Renew when this share of the access token's life has passed (at least 5 s before expiry). */
const RENEW_AT = 0.75;
const MIN_MARGIN_MS = 5_000;
const RETRY_MS = 2_000;

/**
 * Holds the token pair, renews it before the access token expires (timer, and
 * on demand before a request), and makes sure only one refresh is ever in
 * flight: refresh tokens rotate and Parley revokes the whole login when a
 * spent one is presented again.
 */
export class TokenManager extends Emitter<TokenEvents> {
  private tokens: StoredTokens | null = null;
  private refreshing: Promise<StoredTokens> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
    /** Shared with other clients of the same login (browser tabs): see TokenStorage. */
    private readonly storage?: TokenStorage,
  ) {
    super();
    this.unsubscribe = storage?.subscribe((tokens) => this.adopt(tokens)) ?? (() => undefined);
  }

  get current(): StoredTokens | null {
    return this.tokens;
  }

  /** Takes a pair from login/register/refresh (or one the app kept); shared storage keeps it too. */
  set(pair: TokenPair | AuthResult | StoredTokens, notify = true): StoredTokens {
    const expiresAt = 'expires_at' in pair ? pair.expires_at : Date.now() + pair.expires_in * 1000;
    this.tokens = { access_token: pair.access_token, refresh_token: pair.refresh_token, expires_at: expiresAt };
    const life = expiresAt - Date.now();
    this.renewIn(Math.max(0, Math.min(life * RENEW_AT, life - MIN_MARGIN_MS)));
    this.storage?.save(this.tokens);
    if (notify) this.emit('renewed', this.tokens);
    return this.tokens;
  }

  clear(reason = 'signed_out'): void {
    clearTimeout(this.timer);
    const had = this.tokens !== null;
    this.tokens = null;
    if (!had) return;
    this.storage?.save(null);
    this.emit('signedOut', { reason });
  }

  /** An access token good for at least a few more seconds, renewing first when needed. */
  async accessToken(): Promise<string> {
    const tokens = this.tokens;
    if (!tokens) throw new ParleyError(401, 'not_authenticated', 'Not signed in.');
    if (tokens.expires_at - Date.now() > MIN_MARGIN_MS) return tokens.access_token;
    return (await this.refresh()).access_token;
  }

  /** One refresh at a time; concurrent callers share it. */
  refresh(): Promise<StoredTokens> {
    this.refreshing ??= this.exchange().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** With shared storage: one client at a time, and none when another renewed since this one asked. */
  private exchange(): Promise<StoredTokens> {
    const storage = this.storage;
    if (!storage) return this.spend();
    const asked = this.tokens?.refresh_token;
    return storage.exclusive(async () => {
      const stored = storage.load();
      if (!stored) {
        this.clear('signed_out');
        throw new ParleyError(401, 'not_authenticated', 'Signed out.');
      }
      if (stored.refresh_token !== this.tokens?.refresh_token) this.set(stored);
      return stored.refresh_token === asked ? this.spend() : this.tokens!;
    });
  }

  /** Another client of the shared storage renewed or signed out. */
  private adopt(tokens: StoredTokens | null): void {
    if (!tokens) this.clear('signed_out');
    else if (tokens.refresh_token !== this.tokens?.refresh_token) this.set(tokens);
  }

  private async spend(): Promise<StoredTokens> {
    const refreshToken = this.tokens?.refresh_token;
    if (!refreshToken) throw new ParleyError(401, 'not_authenticated', 'Not signed in.');
    const res = await this.fetchImpl(`${this.baseUrl}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    const body: unknown = await res.json().catch(() => null);
    if (res.status === 401) {
      // Spent, revoked or expired: this login is over.
      this.clear('session_expired');
      throw ParleyError.fromBody(401, body);
    }
    if (res.status === 403 && (body as { code?: unknown } | null)?.code === 'account_suspended') {
      // Suspended deployment-wide: no renewal will work until an admin lifts it.
      this.clear('account_suspended');
      throw ParleyError.fromBody(403, body);
    }
    if (!res.ok) throw ParleyError.fromBody(res.status, body);
    // The refresh token just spent may have been replaced meanwhile by a sign-in: keep the newest.
    if (this.tokens?.refresh_token !== refreshToken) return this.tokens!;
    return this.set(body as TokenPair);
  }

  private renewIn(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // A dead login emits signedOut; anything else (server restarting, network) is tried again shortly.
      this.refresh().catch(() => {
        if (this.tokens) this.renewIn(RETRY_MS);
      });
    }, delay);
    // Node: a pending renewal must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unsubscribe();
  }
}
