import { browserTokenStorage, ParleyClient } from '@parley/client';

/** Inside another site's frame (an LMS page): storage there is partitioned or refused, and the frame's login is its own. */
const framed = (() => {
  try {
    return window.self !== window.top;
  } catch {
    return true; // a cross-origin parent refuses even the comparison in some browsers
  }
})();

/**
 * One login for every tab of this browser: tokens in localStorage, each tab's
 * client sees the others' renewals and sign-outs, and renewals take turns
 * (Web Locks) so two tabs never spend the same refresh token (Parley would end the login).
 * In a frame, sessionStorage: the login lasts as long as the frame's page. The tokens are bearer
 * tokens sent by the app itself, so no cookie (third-party or not) is ever needed.
 */
const shared = framed ? browserTokenStorage('parley.tokens', window.sessionStorage) : browserTokenStorage('parley.tokens');

/**
 * The one-time sign-in code an identity provider's callback or an LTI launch left in the address
 * (`#handoff=<code>`, docs/sign-in.md), taken once when the page loads and removed from the address
 * bar at once (history.replaceState), so neither the history nor a bookmark keeps it.
 */
const handoffCode = (() => {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const code = fragment.get('handoff');
  if (code === null) return null;
  fragment.delete('handoff');
  const rest = fragment.toString();
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
  return code || null;
})();

export function hasHandoff(): boolean {
  return handoffCode !== null;
}

let handedOff: Promise<ParleyClient> | null = null;

/** Signs in with the page's handoff code (once per page load: the code works once), then connects. */
export function signInWithHandoff(): Promise<ParleyClient> {
  handedOff ??= (async () => {
    const client = createClient();
    try {
      await client.exchangeHandoff(handoffCode!);
      await client.connect();
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  })();
  return handedOff;
}

export function createClient(): ParleyClient {
  return new ParleyClient({ baseUrl: '', tokenStorage: shared });
}

export function hasSavedSession(): boolean {
  return shared.load() !== null;
}

/** Another tab signed in: `onSignedIn` runs (this tab then resumes that session). */
export function onSignedInElsewhere(onSignedIn: () => void): () => void {
  return shared.subscribe((tokens) => tokens && onSignedIn());
}

let resumed: Promise<ParleyClient> | null = null;

/**
 * The saved session's client, made once per page load: a second client on the same
 * refresh token (React StrictMode runs effects twice in development) would renew it
 * a second time, and Parley ends a login whose spent refresh token comes back.
 */
export function resumeSession(): Promise<ParleyClient> {
  resumed ??= (async () => {
    const client = createClient();
    try {
      await client.connect();
      return client;
    } catch (error) {
      client.close();
      throw error;
    } finally {
      resumed = null;
    }
  })();
  return resumed;
}

/** Signs out; a login from an OpenID Connect provider also ends the provider's session (the browser visits its logout page). */
export async function signOut(client: ParleyClient): Promise<void> {
  const providerLogout = await client.logoutWithProvider();
  if (providerLogout) window.location.assign(providerLogout);
}
