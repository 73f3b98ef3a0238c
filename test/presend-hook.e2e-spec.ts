import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createRoom } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect, eventually } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

const SECRET = 'presend-hook-secret-of-at-least-32-chars';

interface Review {
  type: string;
  room_id: string;
  sender_id: string;
  content: string;
  edit: boolean;
}

/**
 * The customer's moderation service on loopback: answers by the message's first word
 * (`accept`, `reject`, `rewrite`, `slow`: never in time, `broken`: HTTP 500), and keeps
 * what it was asked, signatures checked.
 */
async function startReceiver(): Promise<{ url: string; seen: Review[]; badSignatures: number; close: () => Promise<void> }> {
  const state = { seen: [] as Review[], badSignatures: 0 };
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        new Webhook(SECRET, { format: 'raw' }).verify(body, req.headers as Record<string, string>);
      } catch {
        state.badSignatures += 1;
      }
      const review = JSON.parse(body) as Review;
      state.seen.push(review);
      const word = review.content.split(' ')[0];
      const answer = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (word === 'slow') held.push(res);
      else if (word === 'broken') answer(500, {});
      else if (word === 'reject') answer(200, { action: 'reject', reason: 'Not on our platform.' });
      else if (word === 'rewrite') answer(200, { action: 'rewrite', content: review.content.replace('rewrite', 'rewritten') });
      else if (word === 'hold') answer(200, { action: 'hold' });
      else answer(200, { action: 'accept' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/review`,
    get seen() {
      return state.seen;
    },
    get badSignatures() {
      return state.badSignatures;
    },
    close: async () => {
      held.forEach((res) => res.destroy());
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.each(['open', 'closed'] as const)('Pre-send hook, failing %s (e2e)', (mode) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: TestUser;
  let sender: TestUser;
  let roomId: string;
  let socket: ClientSocket;

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp({
      PRESEND_HOOK_URL: receiver.url,
      PRESEND_HOOK_SECRET: SECRET,
      PRESEND_HOOK_TIMEOUT_MS: '200',
      PRESEND_HOOK_FAILURE_MODE: mode,
      PRESEND_HOOK_ALLOW_PRIVATE: 'true',
    });
    owner = await registerUser(t.http);
    sender = await registerUser(t.http);
    roomId = (await createRoom(t.http, owner, { name: 'Hooked', participants: [sender.id] })).id;
    socket = await connect(t.baseUrl, sender.access);
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
    await receiver.close();
  });

  const post = (content: string) => t.http.post(`${API}/rooms/${roomId}/messages`).set(sender.auth).send({ content });

  it('sends each message to the hook, signed, and stores an accepted one as it is', async () => {
    const res = await post('accept this please').expect(201);
    expect(res.body.content).toBe('accept this please');
    expect(receiver.seen.at(-1)).toEqual({
      type: 'message.presend',
      room_id: roomId,
      sender_id: sender.id,
      content: 'accept this please',
      edit: false,
    });
    expect(receiver.badSignatures).toBe(0);
  });

  it('refuses a rejected message with content_blocked and the hook’s reason, over REST and the socket', async () => {
    const res = await post('reject this').expect(422);
    expect(res.body).toEqual({ code: 'content_blocked', detail: 'Not on our platform.', rule_id: null });
    const acked = await ack(socket, 'message:send', { room_id: roomId, content: 'reject me too' });
    expect(acked).toEqual({ ok: false, error: { code: 'content_blocked', detail: 'Not on our platform.', rule_id: null } });
  });

  it('stores the rewritten text, and asks about edits too', async () => {
    const res = await post('rewrite this').expect(201);
    expect(res.body.content).toBe('rewritten this');
    await t.http.patch(`${API}/rooms/${roomId}/messages/${res.body.id}`).set(sender.auth).send({ content: 'reject the edit' }).expect(422);
    expect(receiver.seen.at(-1)).toMatchObject({ content: 'reject the edit', edit: true });
  });

  it('holds a message the hook answers hold for: its sender sees it awaiting review, other members do not (docs/compliance.md)', async () => {
    const res = await post('hold this one').expect(201);
    expect(res.body).toMatchObject({ content: 'hold this one', visibility: 'held' });
    const acked = await ack<{ visibility: string }>(socket, 'message:send', { room_id: roomId, content: 'hold me too' });
    expect(acked).toMatchObject({ ok: true, data: { visibility: 'held' } });
    const member = await registerUser(t.http);
    await t.http
      .post(`${API}/rooms/${roomId}/members`)
      .set(owner.auth)
      .send({ user_ids: [member.id] })
      .expect(201);
    const seen = async (who: TestUser) =>
      ((await t.http.get(`${API}/rooms/${roomId}/messages`).set(who.auth).expect(200)).body.results as { id: string }[]).map((m) => m.id);
    expect(await seen(sender)).toEqual(expect.arrayContaining([res.body.id]));
    expect(await seen(member)).not.toContain(res.body.id);
    const queue = await t.http.get(`${API}/rooms/${roomId}/held-messages`).set(owner.auth).expect(200);
    expect(queue.body.results.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining([res.body.id]));
  });

  it(`takes the failure mode (${mode}) when the hook does not answer in time or fails`, async () => {
    for (const content of ['slow answer', 'broken answer']) {
      const res = await post(content);
      if (mode === 'open') {
        expect(res.status).toBe(201);
        expect(res.body.content).toBe(content);
      } else {
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code: 'content_blocked', rule_id: null });
      }
    }
  });
});

describe('Pre-send hook limits (e2e)', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  const appWith = async (overrides: Record<string, string>) => {
    const t = await startTestApp({ PRESEND_HOOK_URL: receiver.url, PRESEND_HOOK_SECRET: SECRET, PRESEND_HOOK_FAILURE_MODE: 'closed', ...overrides });
    const owner = await registerUser(t.http);
    const roomId = (await createRoom(t.http, owner, { name: 'Hooked' })).id;
    const post = (content: string) => t.http.post(`${API}/rooms/${roomId}/messages`).set(owner.auth).send({ content });
    return { t, post };
  };

  it('never calls a hook on a loopback or private address unless allowed (the webhooks’ address guard)', async () => {
    const { t, post } = await appWith({ PRESEND_HOOK_ALLOW_PRIVATE: 'false' });
    try {
      const before = receiver.seen.length;
      const res = await post('accept me').expect(422);
      expect(res.body.code).toBe('content_blocked');
      expect(receiver.seen.length).toBe(before);
    } finally {
      await t.close();
    }
  });

  it('takes the failure mode at once past the concurrency limit', async () => {
    const { t, post } = await appWith({ PRESEND_HOOK_ALLOW_PRIVATE: 'true', PRESEND_HOOK_MAX_CONCURRENCY: '1', PRESEND_HOOK_TIMEOUT_MS: '3000' });
    try {
      const before = receiver.seen.length;
      const slow = post('slow one').then((res) => res); // supertest sends on then()
      await eventually(() => expect(receiver.seen.length).toBe(before + 1));
      const second = await post('accept me').expect(422);
      expect(second.body.code).toBe('content_blocked');
      expect(receiver.seen.length).toBe(before + 1);
      expect((await slow).status).toBe(422);
    } finally {
      await t.close();
    }
  });
});
