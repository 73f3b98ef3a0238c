import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  /** The organization the event happened in (docs/platform.md). */
  organization_id?: string;
  data: Record<string, unknown>;
}

/**
 * A webhook receiver that verifies every signature (standardwebhooks). `mode`:
 * `up` answers 204 and records the event, `down` answers 503, `hang` never answers.
 * `accepted` holds each successfully received event once per attempt, so a
 * duplicate delivery of one webhook-id would show up twice.
 */
export class WebhookReceiver {
  server: Server;
  url = '';
  secret = '';
  mode: 'up' | 'down' | 'hang' = 'up';
  accepted: Received[] = [];
  attempts: string[] = [];
  badSignatures = 0;
  private hanging: ServerResponse[] = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  ofType(type: string): Received[] {
    return this.accepted.filter((r) => r.type === type);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    const id = String(req.headers['webhook-id']);
    this.attempts.push(id);
    if (this.mode === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (this.mode === 'down') {
      res.writeHead(503).end();
      return;
    }
    let payload: { type: string; organization_id?: string; data: Record<string, unknown> };
    try {
      payload = new Webhook(this.secret).verify(body, req.headers as Record<string, string>) as typeof payload;
    } catch {
      this.badSignatures += 1;
      res.writeHead(400).end();
      return;
    }
    this.accepted.push({ id, type: payload.type, organization_id: payload.organization_id, data: payload.data });
    res.writeHead(204).end();
  }
}
