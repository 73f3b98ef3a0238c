import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect, eventually, record } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

const ADMIN = { ADMIN_USERNAME: 'policy', ADMIN_PASSWORD: 'policy-officer-pw', ADMIN_EMAIL: 'policy@example.com' };

interface Rule {
  id: string;
  scope: string;
  room_id: string | null;
  kind: string;
  action: string;
  enabled: boolean;
}

describe('Content policy: rules in the send path (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let sender: TestUser;
  let outsider: TestUser;
  let root: { Authorization: string };
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(ADMIN);
    owner = await registerUser(t.http);
    sender = await registerUser(t.http);
    outsider = await registerUser(t.http);
    const login = await t.http.post(`${API}/auth/login`).send({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }).expect(200);
    root = { Authorization: `Bearer ${login.body.access_token}` };
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  const room = (visibility = 'private') =>
    createRoom(t.http, owner, { name: `Class ${randomUUID().slice(0, 6)}`, participants: [sender.id], visibility });
  const roomRule = (roomId: string, body: Record<string, unknown>, who: { Authorization: string } = owner.auth) =>
    t.http.post(`${API}/rooms/${roomId}/content-rules`).set(who).send(body);
  const addRule = async (roomId: string, body: Record<string, unknown>) => (await roomRule(roomId, body).expect(201)).body as Rule;
  const post = (roomId: string, content: string, who = sender) => t.http.post(`${API}/rooms/${roomId}/messages`).set(who.auth).send({ content });
  const history = async (roomId: string) =>
    (
      (await t.http.get(`${API}/rooms/${roomId}/messages`).set(owner.auth).expect(200)).body.results as {
        id: string;
        type: string;
        content: string;
      }[]
    ).filter((m) => m.type === 'text');
  const socketOf = async (user: TestUser) => {
    const socket = await connect(t.baseUrl, user.access);
    sockets.push(socket);
    return socket;
  };

  describe('managing rules', () => {
    it('lets global admins create, list, change and delete deployment rules, and audits each change', async () => {
      const created = await t.http
        .post(`${API}/admin/content-rules`)
        .set(root)
        .send({ name: 'links', kind: 'links', action: 'block', link_mode: 'deny', domains: ['never.example'] })
        .expect(201);
      expect(created.body).toMatchObject({
        scope: 'deployment',
        room_id: null,
        kind: 'links',
        link_mode: 'deny',
        domains: ['never.example'],
        enabled: true,
      });
      const listed = await t.http.get(`${API}/admin/content-rules`).set(root).expect(200);
      expect(listed.body.results.map((r: Rule) => r.id)).toContain(created.body.id);
      const changed = await t.http
        .patch(`${API}/admin/content-rules/${created.body.id}`)
        .set(root)
        .send({ enabled: false, action: 'flag' })
        .expect(200);
      expect(changed.body).toMatchObject({ enabled: false, action: 'flag', kind: 'links' });
      await t.http.delete(`${API}/admin/content-rules/${created.body.id}`).set(root).expect(204);
      await t.http.delete(`${API}/admin/content-rules/${created.body.id}`).set(root).expect(404);
      const audit = await t.http.get(`${API}/admin/audit`).set(root).expect(200);
      const actions = audit.body.results
        .filter((e: { target_id: string }) => e.target_id === created.body.id)
        .map((e: { action: string }) => e.action);
      expect(actions).toEqual(['content_rule.deleted', 'content_rule.updated', 'content_rule.created']);
    });

    it('refuses deployment rules to anyone but global admins, and without a token', async () => {
      const body = { kind: 'words', action: 'block', words: ['x1'] };
      const denied = await t.http.post(`${API}/admin/content-rules`).set(owner.auth).send(body).expect(403);
      expect(denied.body.code).toBe('permission_denied');
      await t.http.get(`${API}/admin/content-rules`).set(owner.auth).expect(403);
      await t.http.patch(`${API}/admin/content-rules/${randomUUID()}`).set(owner.auth).send({ enabled: false }).expect(403);
      await t.http.delete(`${API}/admin/content-rules/${randomUUID()}`).set(owner.auth).expect(403);
      await t.http.get(`${API}/admin/content-rules`).expect(401);
      await t.http.patch(`${API}/admin/content-rules/${randomUUID()}`).set(root).send({ enabled: false }).expect(404);
      await t.http.patch(`${API}/admin/content-rules/not-a-uuid`).set(root).send({ enabled: false }).expect(400);
    });

    it.each([
      ['an unknown kind', { kind: 'vibes', action: 'block' }, 'kind'],
      ['an unknown action', { kind: 'words', action: 'shout', words: ['x'] }, 'action'],
      ['a word list without words', { kind: 'words', action: 'block' }, 'words'],
      ['an empty word list', { kind: 'words', action: 'block', words: [] }, 'words'],
      ['a word of punctuation only', { kind: 'words', action: 'block', words: ['...'] }, 'words'],
      ['a pattern RE2 refuses (backreference)', { kind: 'regex', action: 'block', pattern: '(a)\\1' }, 'pattern'],
      ['a pattern RE2 refuses (lookahead)', { kind: 'regex', action: 'block', pattern: 'a(?=b)' }, 'pattern'],
      ['a malformed pattern', { kind: 'regex', action: 'block', pattern: '(' }, 'pattern'],
      ['a field of another kind', { kind: 'regex', action: 'block', pattern: 'a', words: ['b'] }, 'words'],
      ['links without a mode', { kind: 'links', action: 'block', domains: ['a.example'] }, 'link_mode'],
      ['a domain that is not a host name', { kind: 'links', action: 'block', link_mode: 'deny', domains: ['not a domain'] }, 'domains'],
      ['an unknown detector', { kind: 'pii', action: 'mask', detectors: ['ssn'] }, 'detectors'],
      ['a malformed phone region', { kind: 'pii', action: 'mask', detectors: ['phone'], phone_region: 'usa' }, 'phone_region'],
    ])('answers 400 for %s', async (_name, body, field) => {
      const { id } = await room();
      const res = await roomRule(id, body).expect(400);
      expect(res.body[field]).toEqual([expect.any(String)]);
    });

    it('lets room owners manage their room rules, and no one else but global admins', async () => {
      const { id } = await room();
      const rule = await addRule(id, { kind: 'words', action: 'block', words: ['zonk'] });
      expect(rule).toMatchObject({ scope: 'room', room_id: id });
      const member = await roomRule(id, { kind: 'words', action: 'block', words: ['x'] }, sender.auth).expect(403);
      expect(member.body.code).toBe('permission_denied');
      const stranger = await t.http.get(`${API}/rooms/${id}/content-rules`).set(outsider.auth).expect(403);
      expect(stranger.body.code).toBe('room_access_denied');
      await t.http.get(`${API}/rooms/${randomUUID()}/content-rules`).set(owner.auth).expect(404);
      await t.http.get(`${API}/rooms/${id}/content-rules`).set(root).expect(200);
      const other = await room();
      await t.http.patch(`${API}/rooms/${other.id}/content-rules/${rule.id}`).set(owner.auth).send({ enabled: false }).expect(404);
      await t.http.patch(`${API}/rooms/${id}/content-rules/${rule.id}`).set(owner.auth).send({ pattern: 'x' }).expect(400);
      await t.http
        .patch(`${API}/rooms/${id}/content-rules/${rule.id}`)
        .set(owner.auth)
        .send({ words: ['zank'] })
        .expect(200);
      const listed = await t.http.get(`${API}/rooms/${id}/content-rules`).set(owner.auth).expect(200);
      expect(listed.body.results).toEqual([expect.objectContaining({ id: rule.id, words: ['zank'] })]);
      await t.http.delete(`${API}/rooms/${id}/content-rules/${rule.id}`).set(sender.auth).expect(403);
      await t.http.delete(`${API}/rooms/${id}/content-rules/${rule.id}`).set(owner.auth).expect(204);
      const audit = await t.http.get(`${API}/rooms/${id}/audit`).set(owner.auth).expect(200);
      expect(audit.body.results.map((e: { action: string }) => e.action)).toEqual([
        'content_rule.deleted',
        'content_rule.updated',
        'content_rule.created',
      ]);
    });
  });

  describe('block', () => {
    it('refuses the send over REST with 422 content_blocked and the rule id, storing nothing', async () => {
      const { id } = await room();
      const rule = await addRule(id, { kind: 'words', action: 'block', words: ['badword'] });
      const res = await post(id, 'this is a BADWORD').expect(422);
      expect(res.body).toEqual({ code: 'content_blocked', detail: expect.any(String), rule_id: rule.id });
      expect(await history(id)).toEqual([]);
      await post(id, 'this is fine').expect(201);
    });

    it.each([
      ['a zero-width space', 'bad\u200bword'],
      ['confusable Cyrillic letters', 'b\u0430dw\u043erd'],
      ['spaced-out letters', 'b a d w o r d'],
      ['dotted letters', 'b.a.d.w.o.r.d'],
      ['mixed case', 'BaDwOrD'],
      ['fullwidth letters', '\uff42\uff41\uff44\uff57\uff4f\uff52\uff44'],
    ])('catches the word hidden by %s', async (_name, content) => {
      const { id } = await room();
      await addRule(id, { kind: 'words', action: 'block', words: ['badword'] });
      const res = await post(id, `well ${content}!`).expect(422);
      expect(res.body.code).toBe('content_blocked');
    });

    it('refuses the socket send with the same error in the ack', async () => {
      const { id } = await room();
      const rule = await addRule(id, { kind: 'regex', action: 'block', pattern: 'sec+ret' });
      const socket = await socketOf(sender);
      const acked = await ack(socket, 'message:send', { room_id: id, content: 'the SECCRET plan' });
      expect(acked).toEqual({ ok: false, error: { code: 'content_blocked', detail: expect.any(String), rule_id: rule.id } });
      expect(await history(id)).toEqual([]);
    });

    it('refuses an edit to blocked content and keeps the message as it was', async () => {
      const { id } = await room();
      await addRule(id, { kind: 'links', action: 'block', link_mode: 'deny', domains: ['evil.example'] });
      const message = await send(t.http, sender, id, 'see my page');
      const res = await t.http
        .patch(`${API}/rooms/${id}/messages/${message.id}`)
        .set(sender.auth)
        .send({ content: 'see https://www.evil.example/x' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('content_blocked');
      expect((await history(id))[0].content).toBe('see my page');
      const socket = await socketOf(sender);
      const acked = await ack(socket, 'message:edit', { room_id: id, message_id: message.id, content: 'go to http://sub.evil.example' });
      expect(acked).toMatchObject({ ok: false, error: { code: 'content_blocked' } });
    });

    it('tells a non-member of the room what every send of theirs is told, not the rule', async () => {
      const { id } = await room('public');
      await addRule(id, { kind: 'words', action: 'block', words: ['badword'] });
      const res = await post(id, 'badword', outsider).expect(403);
      expect(res.body.code).not.toBe('content_blocked');
    });

    it('applies deployment rules to every room, and stops at once when the rule is disabled', async () => {
      const created = await t.http
        .post(`${API}/admin/content-rules`)
        .set(root)
        .send({ kind: 'pii', action: 'block', detectors: ['card'] })
        .expect(201);
      try {
        const [a, b] = [await room(), await room()];
        for (const roomId of [a.id, b.id]) {
          const res = await post(roomId, 'my card: 4111 1111 1111 1111').expect(422);
          expect(res.body.rule_id).toBe(created.body.id);
        }
        await post(a.id, 'order 4111 1111 1111 1112').expect(201);
        await t.http.patch(`${API}/admin/content-rules/${created.body.id}`).set(root).send({ enabled: false }).expect(200);
        await post(a.id, 'my card: 4111 1111 1111 1111').expect(201);
      } finally {
        await t.http.delete(`${API}/admin/content-rules/${created.body.id}`).set(root).expect(204);
      }
    });

    it('leaves other rooms alone', async () => {
      const [a, b] = [await room(), await room()];
      await addRule(a.id, { kind: 'words', action: 'block', words: ['badword'] });
      await post(b.id, 'badword').expect(201);
    });
  });

  describe('mask', () => {
    it('stores and delivers the text with the matches masked, over REST and the socket', async () => {
      const { id } = await room();
      await addRule(id, { kind: 'pii', action: 'mask', detectors: ['email', 'phone'] });
      await addRule(id, { kind: 'words', action: 'mask', words: ['darn'] });
      const listener = await socketOf(owner);
      const delivered = record<{ message: { content: string } }>(listener, 'message:new');
      const rest = await post(id, 'mail jane@example.com or call +44 20 7946 0958, d a r n').expect(201);
      expect(rest.body.content).toBe('mail **************** or call *** ** **** ****, * * * *');
      const socket = await socketOf(sender);
      const acked = await ack<{ content: string }>(socket, 'message:send', { room_id: id, content: 'DARN it' });
      expect(acked).toMatchObject({ ok: true, data: { content: '**** it' } });
      expect((await history(id)).map((m) => m.content)).toEqual([rest.body.content, '**** it']);
      await eventually(() => expect(delivered.map((e) => e.message?.content ?? (e as unknown as { content: string }).content)).toHaveLength(2));
      expect(JSON.stringify(delivered)).not.toContain('jane@example.com');
    });

    it('masks an edit too', async () => {
      const { id } = await room();
      await addRule(id, { kind: 'regex', action: 'mask', pattern: '\\d{3}-\\d{2}-\\d{4}' });
      const message = await send(t.http, sender, id, 'soon');
      const edited = await t.http
        .patch(`${API}/rooms/${id}/messages/${message.id}`)
        .set(sender.auth)
        .send({ content: 'ssn 123-45-6789' })
        .expect(200);
      expect(edited.body.content).toBe('ssn ***********');
    });
  });

  describe('flag', () => {
    interface Report {
      target_id: string;
      reporter_id: string | null;
      reason: string;
      details: string;
      target_content: string;
      target_version: number;
    }
    const queue = async (roomId: string) =>
      (await t.http.get(`${API}/moderation/reports?room_id=${roomId}`).set(owner.auth).expect(200)).body.results as Report[];

    it('delivers the message and files a report by the system into the room moderators’ queue (REST and socket)', async () => {
      const { id } = await room();
      const rule = await addRule(id, { kind: 'words', action: 'flag', words: ['stupid'] });
      const moderator = await socketOf(owner);
      const told = record<{ target_id: string }>(moderator, 'report:created');
      const rest = await post(id, 'you are stupid').expect(201);
      expect(rest.body.content).toBe('you are stupid');
      const socket = await socketOf(sender);
      const acked = await ack<{ id: string }>(socket, 'message:send', { room_id: id, content: 'so s t u p i d' });
      expect(acked.ok).toBe(true);
      const reports = await queue(id);
      expect(reports.map((r) => r.target_id).sort()).toEqual([rest.body.id, acked.data!.id].sort());
      expect(reports[0]).toMatchObject({ reporter_id: null, reason: 'other', target_version: 0 });
      expect(reports[0].details).toContain(rule.id);
      expect((await history(id)).map((m) => m.content)).toEqual(['you are stupid', 'so s t u p i d']);
      await eventually(() => expect(told).toHaveLength(2));
    });

    it('flags an edit with the version it made', async () => {
      const { id } = await room();
      await addRule(id, { kind: 'words', action: 'flag', words: ['stupid'] });
      const message = await send(t.http, sender, id, 'hello');
      await t.http.patch(`${API}/rooms/${id}/messages/${message.id}`).set(sender.auth).send({ content: 'stupid' }).expect(200);
      expect(await queue(id)).toEqual([expect.objectContaining({ target_id: message.id, target_version: 1, target_content: 'stupid' })]);
    });
  });

  describe('the server API', () => {
    it('checks the platform bot’s posts against the same rules', async () => {
      const key = await t.http
        .post(`${API}/admin/api-keys`)
        .set(root)
        .send({ name: 'policy', scopes: ['rooms', 'messages'] })
        .expect(201);
      const as = { 'X-Api-Key': key.body.key };
      const course = await t.http.put(`${API}/platform/rooms/policy-course`).set(as).send({ name: 'Policy' }).expect(201);
      const roomId = course.body.room.id as string;
      await t.http
        .post(`${API}/rooms/${roomId}/content-rules`)
        .set(root)
        .send({ kind: 'words', action: 'block', words: ['badword'] })
        .expect(201);
      await t.http
        .post(`${API}/rooms/${roomId}/content-rules`)
        .set(root)
        .send({ kind: 'pii', action: 'mask', detectors: ['email'] })
        .expect(201);
      const blocked = await t.http.post(`${API}/platform/rooms/policy-course/messages`).set(as).send({ content: 'b a d w o r d' }).expect(422);
      expect(blocked.body.code).toBe('content_blocked');
      const masked = await t.http.post(`${API}/platform/rooms/policy-course/messages`).set(as).send({ content: 'mail a@b.io' }).expect(201);
      expect(masked.body.message.content).toBe('mail ******');
    });
  });
});
