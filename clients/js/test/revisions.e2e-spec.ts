import { startTestApp, TestApp } from '../../../test/support/test-app.js';
import { type Message, ParleyClient, ParleyError, type Room } from '../src/index.js';
import { signedInClient } from './support/sdk-users.js';

/**
 * `client.revisions()`: a message's earlier versions, newest first, paged by version, for the sender
 * while the message lives and for the room's owners and admins always (a deletion's blanked text
 * included); a plain member gets a ParleyError 403 `permission_denied`.
 */
describe('SDK revisions', () => {
  let t: TestApp;
  let owner: ParleyClient;
  let sender: ParleyClient;
  let member: ParleyClient;
  let room: Room;
  let message: Message;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, sender, member] = await Promise.all(['owner', 'sender', 'member'].map((name) => signedInClient(t.baseUrl, t.baseUrl, name)));
    room = (
      await owner.rest.POST('/api/v1/rooms', {
        body: { room_type: 'GROUP', name: 'Revisions', participants: [sender.user!.id, member.user!.id] },
      })
    ).data as unknown as Room;
    const path = (id: string) => ({ params: { path: { id: room.id, messageId: id } } });
    message = (await sender.rest.POST('/api/v1/rooms/{id}/messages', { params: { path: { id: room.id } }, body: { content: 'you are worthless' } }))
      .data as unknown as Message;
    for (const content of ['you are ok', 'you are great'])
      expect((await sender.rest.PATCH('/api/v1/rooms/{id}/messages/{messageId}', { ...path(message.id), body: { content } })).response.status).toBe(
        200,
      );
  });

  afterAll(async () => {
    for (const client of [owner, sender, member]) client?.close();
    await t?.close();
  });

  it('gives the sender and the owner every earlier version, newest first, paged with before', async () => {
    for (const reader of [sender, owner]) {
      const first = await reader.revisions(room.id, message.id, { limit: 1 });
      expect(first.current_version).toBe(2);
      expect(first.results.map((r) => [r.version, r.content, r.replaced_by])).toEqual([[1, 'you are ok', 'edit']]);
      expect(first.next).not.toBeNull();
      const second = await reader.revisions(room.id, message.id, { before: first.results.at(-1)!.version, limit: 1 });
      expect(second.results.map((r) => [r.version, r.content])).toEqual([[0, 'you are worthless']]);
      expect(second.next).toBeNull();
    }
  });

  it('refuses a plain member with a ParleyError 403 permission_denied', async () => {
    const refused = await member.revisions(room.id, message.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ParleyError);
    expect(refused).toMatchObject({ status: 403, code: 'permission_denied' });
  });

  it('keeps a deleted message’s text for the owner, not for its sender', async () => {
    const doomed = (await sender.rest.POST('/api/v1/rooms/{id}/messages', { params: { path: { id: room.id } }, body: { content: 'delete me' } }))
      .data as unknown as Message;
    await sender.rest.DELETE('/api/v1/rooms/{id}/messages/{messageId}', { params: { path: { id: room.id, messageId: doomed.id } } });
    const seen = await owner.revisions(room.id, doomed.id);
    expect(seen.results.map((r) => [r.version, r.content, r.replaced_by])).toEqual([[0, 'delete me', 'delete']]);
    await expect(sender.revisions(room.id, doomed.id)).rejects.toMatchObject({ status: 403, code: 'permission_denied' });
  });
});
