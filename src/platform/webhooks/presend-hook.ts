import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { AppConfig } from '../../core/config/app-config.service';
import { injectTraceContext } from '../../core/tracing/tracing';
import { ContentPolicy } from '../../conversations/content-policy/content-policy';
import type { PreSendHook, PreSendReview, PreSendVerdict } from '../../conversations/content-policy/pre-send-hook';
import { resolveTarget } from './address-guard';

const MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_CONTENT = 4000;

/**
 * The pre-send hook (docs/compliance.md): with PRESEND_HOOK_URL set, every message
 * (after the content rules) is POSTed to the deployment's moderation service, signed
 * as webhooks are (Standard Webhooks headers, HMAC-SHA256 with PRESEND_HOOK_SECRET),
 * to an address the webhooks' guard accepts, with the W3C traceparent when tracing
 * is on. It answers `{action: accept | reject | rewrite | hold, reason?, content?}`. No
 * answer within PRESEND_HOOK_TIMEOUT_MS, anything else, or more calls at once than
 * PRESEND_HOOK_MAX_CONCURRENCY takes PRESEND_HOOK_FAILURE_MODE: `open` accepts,
 * `closed` rejects.
 */
@Injectable()
export class PreSendHookClient implements PreSendHook, OnModuleInit {
  private readonly logger = new Logger('PreSendHook');
  private inFlight = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly policy: ContentPolicy,
  ) {}

  onModuleInit(): void {
    if (this.config.get('PRESEND_HOOK_URL')) this.policy.useHook(this);
  }

  async review(input: PreSendReview): Promise<PreSendVerdict> {
    if (this.inFlight >= this.config.get('PRESEND_HOOK_MAX_CONCURRENCY')) return this.failed('too many calls in flight');
    this.inFlight += 1;
    try {
      const answer = await this.call(input);
      return verdictOf(answer) ?? this.failed(`unusable answer ${JSON.stringify(answer).slice(0, 200)}`);
    } catch (error) {
      return this.failed(error instanceof Error ? error.message : String(error));
    } finally {
      this.inFlight -= 1;
    }
  }

  private failed(why: string): PreSendVerdict {
    const mode = this.config.get('PRESEND_HOOK_FAILURE_MODE');
    this.logger.warn(`pre-send hook failed (${why}); failing ${mode}`);
    return mode === 'open' ? { action: 'accept' } : { action: 'reject', reason: 'The moderation service could not review this message.' };
  }

  private async call(input: PreSendReview): Promise<unknown> {
    const url = new URL(this.config.get('PRESEND_HOOK_URL')!);
    const timeoutMs = this.config.get('PRESEND_HOOK_TIMEOUT_MS');
    const deadline = AbortSignal.timeout(timeoutMs);
    const target = await resolveTarget(url, this.config.get('PRESEND_HOOK_ALLOW_PRIVATE'));
    const id = `msg_${randomUUID()}`;
    const body = JSON.stringify({
      type: 'message.presend',
      room_id: input.roomId,
      sender_id: input.senderId,
      content: input.content,
      edit: input.edit,
    });
    const now = new Date();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Parley-PreSendHook/1',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(this.config.get('PRESEND_HOOK_SECRET') ?? '', { format: 'raw' }).sign(id, now, body),
      'content-length': String(Buffer.byteLength(body)),
    };
    injectTraceContext(headers);
    const pinned: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
      else callback(null, target.address, target.family);
    };
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, lookup: pinned, signal: deadline }, (res) => {
        const chunks: Buffer[] = [];
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) return reject(new Error(`HTTP ${status}`));
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new Error('answer is not JSON'));
          }
        });
      });
      req.on('error', (error) => reject(deadline.aborted ? new Error(`no answer within ${timeoutMs} ms`) : error));
      req.end(body);
    });
  }
}

/** The hook's answer as a verdict, or null when it is not one. */
function verdictOf(answer: unknown): PreSendVerdict | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const { action, reason, content } = answer as { action?: unknown; reason?: unknown; content?: unknown };
  if (action === 'accept' || action === 'hold') return { action };
  if (action === 'reject')
    return { action, reason: typeof reason === 'string' && reason.trim() ? reason.slice(0, 500) : 'Rejected by the moderation service.' };
  if (action === 'rewrite' && typeof content === 'string' && content.length <= MAX_CONTENT && !content.includes('\u0000')) return { action, content };
  return null;
}
