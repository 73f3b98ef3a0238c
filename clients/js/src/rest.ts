import createClient, { type Client } from 'openapi-fetch';
import { ParleyError } from './errors.js';
import type { paths } from './generated/openapi.js';
import type { TokenManager } from './tokens.js';

export type RestClient = Client<paths>;

/** Routes that carry no access token (and whose 401 means bad credentials, not an expired token). */
const PUBLIC_ROUTES = /\/api\/v1\/auth\/(login|register|refresh|handoff)\/?$/;

/**
 * The typed REST client (openapi-fetch over the generated `paths`): every
 * request carries a fresh access token, and a 401 on an expired one is renewed
 * and sent once more. A 403 `account_suspended` signs out (`signedOut` with that reason).
 */
export function createRestClient(baseUrl: string, tokens: TokenManager, fetchImpl: typeof fetch): RestClient {
  const authorizedFetch = async (request: Request): Promise<Response> => {
    if (PUBLIC_ROUTES.test(new URL(request.url).pathname)) return fetchImpl(request);
    const retry = request.clone();
    request.headers.set('Authorization', `Bearer ${await tokens.accessToken()}`);
    const response = await fetchImpl(request);
    if (response.status === 403 && (await suspended(response))) tokens.clear('account_suspended');
    if (response.status !== 401 || !tokens.current) return response;
    const renewed = await tokens.refresh();
    retry.headers.set('Authorization', `Bearer ${renewed.access_token}`);
    return fetchImpl(retry);
  };
  return createClient<paths>({ baseUrl, fetch: authorizedFetch });
}

/** A deployment-wide suspension (403 `account_suspended`): the login is over until an admin lifts it. */
async function suspended(response: Response): Promise<boolean> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: unknown } | null;
  return body?.code === 'account_suspended';
}

/** Unwraps an openapi-fetch result: the data, or a ParleyError in the contract's terms. */
export async function unwrap<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw ParleyError.fromBody(response.status, error);
  return data as T;
}
