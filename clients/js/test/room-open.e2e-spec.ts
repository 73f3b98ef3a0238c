import { startTestApp, TestApp } from '../../../test/support/test-app.js';
import { ParleyClient, ParleyError, type Room } from '../src/index.js';
import { connected, next, signedInClient } from './support/sdk-users.js';

/**
 * `client.openRoom()`: the room, its newest history page, its first members page and my read
 * position in one request; my unread count follows it, and `markRead` (over the socket) sends
 * nothing for a room the answer shows read.
 */
describe('SDK openRoom', () => {
  let t: TestApp;
  let owner: ParleyClient;
  let reader: ParleyClient;
  let outsider: ParleyClient;
  let room: Room;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, reader, outsider] = await Promise.all(['owner', 'reader', 'outsider'].map((name) => signedInClient(t.baseUrl, t.baseUrl, name)));
    room = (await owner.rest.POST('/api/v1/rooms', { body: { room_type: 'GROUP', name: 'Open', participants: [reader.user!.id] } }))
      .data as unknown as Room;
    for (const content of ['one', 'two', 'three'])
      expect((await owner.rest.POST('/api/v1/rooms/{id}/messages', { params: { path: { id: room.id } }, body: { content } })).response.status).toBe(
        201,
      );
    await connected(reader);
  });

  afterAll(async () => {
    for (const client of [owner, reader, outsider]) client?.close();
    await t?.close();
  });

  it('answers the room, the newest page, the members and my read position', async () => {
    const opened = await reader.openRoom(room.id, { limit: 2, members_limit: 1 });
    expect(opened.room).toMatchObject({ id: room.id, name: 'Open', my_role: 'member', unread_count: 3 });
    expect(opened.messages.results.map((m) => m.content)).toEqual(['two', 'three']);
    expect(opened.messages.next).toContain(`/api/v1/rooms/${room.id}/messages?`);
    expect(opened.members).toMatchObject({ count: 2, page_size: 1, total_pages: 2 });
    expect([owner.user!.id, reader.user!.id]).toContain(opened.members.results[0].user.id); // joined together: either first
    expect(opened.read).toEqual({ last_read_seq: 0, unread_count: 3 });
    expect(reader.unreadCount(room.id)).toBe(3);
  });

  it('reads nothing: markRead does, and sends nothing for a room read elsewhere', async () => {
    const head = (await reader.openRoom(room.id)).room.last_seq;
    expect(reader.unreadCount(room.id)).toBe(3);
    // Another device of mine reads the room; opening it again brings my read position.
    expect((await reader.rest.POST('/api/v1/rooms/{id}/read', { params: { path: { id: room.id } }, body: {} })).response.status).toBe(200);
    expect((await reader.openRoom(room.id)).read).toEqual({ last_read_seq: head, unread_count: 0 });
    expect(reader.unreadCount(room.id)).toBe(0);
    await expect(reader.markRead(room.id, head)).resolves.toBeNull();
    // Something new: opening shows it unread, markRead reads it over the socket.
    const delivered = next(reader, 'message', (m) => m.content === 'four');
    const newer = (await owner.rest.POST('/api/v1/rooms/{id}/messages', { params: { path: { id: room.id } }, body: { content: 'four' } })).data!;
    await delivered; // counted unread live, before the answer below sets the count again
    const opened = await reader.openRoom(room.id);
    expect(opened.read).toEqual({ last_read_seq: head, unread_count: 1 });
    expect(reader.unreadCount(room.id)).toBe(1);
    await expect(reader.markRead(room.id, newer.seq)).resolves.toEqual({ last_read_seq: newer.seq, unread_count: 0 });
    expect(reader.unreadCount(room.id)).toBe(0);
  });

  it('refuses a private room to a non-member with a ParleyError 403', async () => {
    const refused = await outsider.openRoom(room.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ParleyError);
    expect(refused).toMatchObject({ status: 403, code: 'room_access_denied' });
  });
});
