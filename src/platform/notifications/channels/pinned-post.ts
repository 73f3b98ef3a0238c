import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget, TargetRefused } from '../../webhooks/address-guard';

export interface PostResult {
  statusCode: number | null;
  error: string | null;
}

/**
 * One POST to a URL a user gave (a push endpoint), connected to the address checked for this attempt
 * (loopback and private addresses refused unless allowed), with a timeout; the answer's body is ignored.
 */
export async function pinnedPost(
  endpoint: string,
  headers: Record<string, string>,
  body: Buffer | null,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const url = new URL(endpoint);
  let target: { address: string; family: number };
  try {
    target = await resolveTarget(url, options.allowPrivate);
  } catch (error) {
    return { statusCode: null, error: error instanceof TargetRefused ? `refused: ${error.message}` : `dns: ${String(error)}` };
  }
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const sent = { ...headers, 'content-length': String(body?.length ?? 0) };
  return new Promise<PostResult>((resolve) => {
    const req = request(url, { method: 'POST', headers: sent, lookup: pinned, timeout: options.timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, error: null }));
      res.on('error', (error) => resolve({ statusCode: res.statusCode ?? null, error: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) => resolve({ statusCode: null, error: error.message.slice(0, 500) }));
    req.end(body ?? undefined);
  });
}
