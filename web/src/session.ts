import { browserTokenStorage, ParleyClient } from '@parley/client';

/**
 * One login for every tab of this browser: tokens in localStorage, each tab's
 * client sees the others' renewals and sign-outs, and renewals take turns
 * (Web Locks) so two tabs never spend the same refresh token (Parley would end the login).
 */
const shared = browserTokenStorage('parley.tokens');

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
