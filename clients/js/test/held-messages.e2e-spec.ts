import { startTestApp, TestApp } from '../../../test/support/test-app.js';
import { type Message, ParleyClient, ParleyError, type Room } from '../src/index.js';
import { signedInClient } from './support/sdk-users.js';

/**
 * The review queue through the SDK (docs/compliance.md): a message a hold rule matches comes back with
 * `visibility: 'held'`; the room's owner lists, approves and rejects with `heldMessages`, `approveMessage`
 * and `rejectMessage`; a plain member gets a ParleyError 403.
 */
describe('SDK held messages', () => {
  let t: TestApp;
  let owner: ParleyClient;
  let sender: ParleyClient;
  let room: Room;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, sender] = await Promise.all(['owner', 'sender'].map((name) => signedInClient(t.baseUrl, t.baseUrl, name)));
    room = (await owner.rest.POST('/api/v1/rooms', { body: { room_type: 'GROUP', name: 'Held', participants: [sender.user!.id] } }))
      .data as unknown as Room;
    await owner.createContentRule({ kind: 'words', action: 'hold', words: ['review'] }, room.id);
  });

  afterAll(async () => {
    for (const client of [owner, sender]) client?.close();
    await t?.close();
  });

  const post = async (content: string) =>
    (await sender.rest.POST('/api/v1/rooms/{id}/messages', { params: { path: { id: room.id } }, body: { content } })).data as unknown as Message;

  it('lists the queue, approves one and rejects another; a member is refused', async () => {
    const [first, second] = [await post('review one'), await post('review two')];
    expect([first.visibility, second.visibility]).toEqual(['held', 'held']);
    const page = await owner.heldMessages(room.id, { limit: 1 });
    expect(page.results.map((m) => m.id)).toEqual([first.id]);
    const rest = await owner.heldMessages(room.id, { after: page.results[0].seq });
    expect(rest.results.map((m) => m.id)).toEqual([second.id]);

    const approved = await owner.approveMessage(room.id, first.id);
    expect(approved).toMatchObject({ id: first.id, visibility: 'visible' });
    expect(approved.seq).toBeGreaterThan(second.seq);
    await owner.rejectMessage(room.id, second.id, 'no');
    expect((await owner.heldMessages(room.id)).results).toEqual([]);

    const refused = await sender.heldMessages(room.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ParleyError);
    expect(refused).toMatchObject({ status: 403, code: 'permission_denied' });
    await expect(owner.approveMessage(room.id, first.id)).rejects.toMatchObject({ status: 409, code: 'conflict' });
  });
});
