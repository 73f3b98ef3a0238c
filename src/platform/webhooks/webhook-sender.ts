import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { resolveTarget, TargetRefused } from './address-guard';
import { injectTraceContext } from '../../core/tracing/tracing';

export interface Attempt {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface Outgoing {
  id: string;
  url: string;
  secret: string;
  payload: unknown;
}

const MAX_RESPONSE_BYTES = 16 * 1024;
/**
 * Kept-alive connections per receiver: a connection is only ever opened to an address
 * checked for its attempt, so reusing it later is as safe as opening it was.
 */
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 32 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 32 }) };

/**
 * One signed POST (Standard Webhooks: webhook-id, webhook-timestamp,
 * webhook-signature), connected to the address resolved for this attempt, with a
 * short timeout. 2xx is success; anything else, or no answer, is a failure to retry.
 */
export async function sendWebhook(out: Outgoing, options: { timeoutMs: number; allowPrivate: boolean }): Promise<Attempt> {
  const url = new URL(out.url);
  let target: { address: string; family: number };
  try {
    target = await resolveTarget(url, options.allowPrivate);
  } catch (error) {
    return { ok: false, statusCode: null, error: error instanceof TargetRefused ? `refused: ${error.message}` : `dns: ${String(error)}` };
  }
  const body = JSON.stringify(out.payload);
  const now = new Date();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Parley-Webhooks/1',
    'webhook-id': out.id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Webhook(out.secret).sign(out.id, now, body),
    'content-length': String(Buffer.byteLength(body)),
  };
  injectTraceContext(headers); // W3C traceparent of the delivery's span, when tracing is on
  // The socket goes to the address checked above, whatever the name resolves to now; Host and SNI keep the name.
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = url.protocol === 'https:' ? agents.https : agents.http;
  return new Promise<Attempt>((resolve) => {
    const req = request(
      url,
      { method: 'POST', headers, agent, lookup: pinned, timeout: options.timeoutMs, signal: AbortSignal.timeout(options.timeoutMs) },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => {
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, statusCode: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) => resolve({ ok: false, statusCode: null, error: error.message.slice(0, 500) }));
    req.end(body);
  });
}
