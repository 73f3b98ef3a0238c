import { startTestApp, TestApp } from '../../../test/support/test-app.js';
import { isContentBlocked, ParleyClient, ParleyError, type Room } from '../src/index.js';
import { connected, next, signedInClient } from './support/sdk-users.js';

const ADMIN = { ADMIN_USERNAME: 'sdkrules', ADMIN_PASSWORD: 'sdk-rules-admin-pw', ADMIN_EMAIL: 'sdkrules@example.com' };

/** Refused, as a ParleyError. */
async function refusal(call: Promise<unknown>): Promise<ParleyError> {
  const outcome = await call.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(outcome instanceof ParleyError)) throw new Error(`expected a ParleyError, got ${String(outcome)}`);
  return outcome;
}

/**
 * The SDK's content-rule methods (docs/compliance.md) against a real Parley: the deployment's
 * rules for a global admin, a room's for its owner, the server's refusals as ParleyErrors, and a
 * blocked send's rule over the socket (the outbox) and an edit's over REST.
 */
describe('SDK content rules', () => {
  let t: TestApp;
  let root: ParleyClient;
  let owner: ParleyClient;
  let member: ParleyClient;
  let room: Room;

  beforeAll(async () => {
    t = await startTestApp(ADMIN);
    root = new ParleyClient({ baseUrl: t.baseUrl });
    await root.login(ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
    owner = await signedInClient(t.baseUrl, t.baseUrl, 'owner');
    member = await signedInClient(t.baseUrl, t.baseUrl, 'member');
    room = (await owner.rest.POST('/api/v1/rooms', { body: { room_type: 'GROUP', name: 'Rules', participants: [member.user!.id] } }))
      .data as unknown as Room;
    await connected(member);
  });

  afterAll(async () => {
    root?.close();
    owner?.close();
    member?.close();
    await t?.close();
  });

  it('creates, lists, changes and deletes the deployment’s rules as a global admin', async () => {
    const rule = await root.createContentRule({ name: 'links', kind: 'links', action: 'block', link_mode: 'deny', domains: ['never.example'] });
    expect(rule).toMatchObject({ scope: 'deployment', room_id: null, kind: 'links', domains: ['never.example'], enabled: true });
    expect((await root.contentRules()).map((r) => r.id)).toContain(rule.id);
    expect(await root.updateContentRule(rule.id, { enabled: false, action: 'flag' })).toMatchObject({ enabled: false, action: 'flag' });
    await root.deleteContentRule(rule.id);
    expect((await root.contentRules()).map((r) => r.id)).not.toContain(rule.id);
    expect(await refusal(root.deleteContentRule(rule.id))).toMatchObject({ status: 404 });
  });

  it('manages a room’s rules as its owner; a member and the deployment’s routes refuse with 403', async () => {
    const rule = await owner.createContentRule({ kind: 'pii', action: 'mask', detectors: ['email'] }, room.id);
    expect(rule).toMatchObject({ scope: 'room', room_id: room.id, detectors: ['email'] });
    expect((await owner.contentRules(room.id)).map((r) => r.id)).toEqual([rule.id]);
    expect(await owner.updateContentRule(rule.id, { detectors: ['email', 'card'] }, room.id)).toMatchObject({ detectors: ['email', 'card'] });
    expect(await refusal(member.contentRules(room.id))).toMatchObject({ status: 403 });
    expect(await refusal(owner.contentRules())).toMatchObject({ status: 403 });
    await owner.deleteContentRule(rule.id, room.id);
    expect(await owner.contentRules(room.id)).toEqual([]);
  });

  it('answers an invalid regular expression with the field error under `pattern`', async () => {
    const error = await refusal(owner.createContentRule({ kind: 'regex', action: 'block', pattern: '(a' }, room.id));
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_error');
    expect(Object.keys(error.fields ?? {})).toEqual(['pattern']);
  });

  it('fails a blocked send in the outbox with content_blocked and the rule, and an edit over REST the same way', async () => {
    const rule = await owner.createContentRule({ kind: 'words', action: 'block', words: ['forbidden'] }, room.id);
    const failed = next(member, 'outgoing', (o) => o.state === 'failed');
    member.send(room.id, 'this is forbidden');
    const outgoing = await failed;
    expect(isContentBlocked(outgoing.error)).toBe(true);
    expect(outgoing.error).toMatchObject({ status: 0, code: 'content_blocked', ruleId: rule.id });

    const sent = next(member, 'outgoing', (o) => o.state === 'sent');
    member.send(room.id, 'this is fine');
    const message = (await sent).message!;
    const edit = await refusal(
      member.rest
        .PATCH('/api/v1/rooms/{id}/messages/{messageId}', {
          params: { path: { id: room.id, messageId: message.id } },
          body: { content: 'forbidden now' },
        })
        .then(({ response, error }) => {
          if (!response.ok) throw ParleyError.fromBody(response.status, error);
        }),
    );
    expect(edit).toMatchObject({ status: 422, code: 'content_blocked', ruleId: rule.id });
    expect(isContentBlocked(edit)).toBe(true);
  });
});
