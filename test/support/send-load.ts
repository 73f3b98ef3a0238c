import { randomUUID } from 'node:crypto';
import { TestUser } from './factories';
import { ClientSocket } from './sockets';
import { API, Http } from './test-app';

interface Sent {
  cmid: string;
  phase: string;
  startedAt: number;
  ackedAt?: number;
  id?: string;
  seq?: number;
}

type Attempt = { ok: true; id: string; seq: number } | { ok: false; code: string; retryAfterMs?: number };

const MAX_ATTEMPTS = 100;

export function percentiles(values: number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/**
 * Open-loop senders (each sends `rate` messages a second whatever the acks
 * do), over sockets and optionally REST, retrying a failed send with the same
 * client_message_id after the `retry_after_ms` / `Retry-After` it was given,
 * as the docs tell clients to. Ack latency counts from the first attempt.
 */
export class Load {
  readonly sent: Sent[] = [];
  /** Every failed attempt's code (REST: `<status> <code>` unless 503 service_unavailable with Retry-After). */
  readonly answers: Record<string, number> = {};
  readonly failures: string[] = [];
  acked = 0;
  private current = 'before';
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly roomId: string,
    private readonly sockets: ClientSocket[],
    private readonly rate: number,
    private readonly rest?: { http: Http; user: TestUser },
  ) {}

  start(): void {
    const senders: ((cmid: string) => Promise<Attempt>)[] = this.sockets.map((socket) => (cmid) => this.viaSocket(socket, cmid));
    if (this.rest) senders.push((cmid) => this.viaRest(cmid));
    this.loops = senders.map((send) => this.loop(send));
  }

  phase(name: string): void {
    this.current = name;
  }

  for(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms)); // load keeps running meanwhile: this is the fault's duration
  }

  async until(condition: () => boolean, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('load: condition not reached in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  ackedSince(at: number): number {
    return this.sent.filter((s) => s.ackedAt !== undefined && s.ackedAt >= at).length;
  }

  firstAckAfter(at: number): number {
    return Math.min(...this.sent.filter((s) => s.ackedAt !== undefined && s.ackedAt >= at).map((s) => s.ackedAt! - at));
  }

  report() {
    const of = (phase: string) => percentiles(this.sent.filter((s) => s.phase === phase && s.ackedAt).map((s) => s.ackedAt! - s.startedAt));
    const phases = { before: of('before'), outage: of('outage'), after: of('after') };
    const text = Object.entries(phases)
      .map(([name, p]) => `  ack latency ${name.padEnd(7)} n=${p.n} p50=${p.p50} ms p99=${p.p99} ms max=${p.max} ms`)
      .join('\n');
    return { ...phases, text };
  }

  /** Every acknowledged message is in the room's history exactly once, with the id and seq its ack gave. */
  async expectAllStored(http: Http, user: TestUser): Promise<void> {
    const history = new Map<string, { id: string; seq: number }[]>();
    let after = 0;
    for (let page = 0; page < 1000; page += 1) {
      const res = await http.get(`${API}/rooms/${this.roomId}/messages?after=${after}&limit=100`).set(user.auth);
      const messages = (res.body as { results: { id: string; seq: number; client_message_id: string | null }[] }).results;
      for (const m of messages) if (m.client_message_id) history.set(m.client_message_id, [...(history.get(m.client_message_id) ?? []), m]);
      if (messages.length < 100) break;
      after = messages.at(-1)!.seq;
    }
    for (const sent of this.sent) {
      const stored = history.get(sent.cmid) ?? [];
      if (stored.length !== 1 || stored[0].id !== sent.id || stored[0].seq !== sent.seq) {
        throw new Error(`message ${sent.cmid} acked as ${sent.id}/${sent.seq} but stored ${JSON.stringify(stored)}`);
      }
    }
  }

  private async loop(send: (cmid: string) => Promise<Attempt>): Promise<void> {
    const started = Date.now();
    for (let k = 0; !this.stopped; k += 1) {
      const due = started + (k * 1000) / this.rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (this.stopped) break;
      const sent: Sent = { cmid: randomUUID(), phase: this.current, startedAt: Date.now() };
      this.sent.push(sent);
      const work = this.deliver(sent, send).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    }
  }

  private async deliver(sent: Sent, send: (cmid: string) => Promise<Attempt>): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const result = await send(sent.cmid);
      if (result.ok) {
        if (sent.id !== undefined) this.failures.push(`${sent.cmid} acked twice`);
        Object.assign(sent, { ackedAt: Date.now(), id: result.id, seq: result.seq });
        this.acked += 1;
        return;
      }
      this.answers[result.code] = (this.answers[result.code] ?? 0) + 1;
      await new Promise((r) => setTimeout(r, Math.min(1000, result.retryAfterMs ?? 200)));
    }
    this.failures.push(`${sent.cmid}: not acked after ${MAX_ATTEMPTS} attempts`);
  }

  private async viaSocket(socket: ClientSocket, cmid: string): Promise<Attempt> {
    try {
      const reply = (await socket
        .timeout(5000)
        .emitWithAck('message:send', { room_id: this.roomId, content: `m ${cmid}`, client_message_id: cmid })) as {
        ok: boolean;
        data?: { id: string; seq: number };
        error?: { code: string; retry_after_ms?: number };
      };
      if (reply.ok) return { ok: true, id: reply.data!.id, seq: reply.data!.seq };
      return { ok: false, code: reply.error!.code, retryAfterMs: reply.error!.retry_after_ms };
    } catch {
      return { ok: false, code: 'ack_timeout' };
    }
  }

  private async viaRest(cmid: string): Promise<Attempt> {
    const { http, user } = this.rest!;
    let res: Awaited<ReturnType<Http['post']>>;
    try {
      res = await http
        .post(`${API}/rooms/${this.roomId}/messages`)
        .set(user.auth)
        .send({ content: `m ${cmid}`, client_message_id: cmid });
    } catch (error) {
      // A reset connection (say a keep-alive socket the server closed as it was reused) is not an
      // answer: the client retries it like an ack timeout.
      return { ok: false, code: `network: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (res.status === 201 || res.status === 200) return { ok: true, id: res.body.id, seq: res.body.seq };
    const body = res.body as { code?: string };
    const retryAfter = Number(res.headers['retry-after']);
    const code = res.status === 503 && body.code === 'service_unavailable' && retryAfter > 0 ? 'service_unavailable' : `${res.status} ${body.code}`;
    return { ok: false, code, retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined };
  }
}
