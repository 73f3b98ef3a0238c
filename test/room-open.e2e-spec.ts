import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * GET /rooms/{id}/open: the room, its newest history page, its first members page and the
 * caller's read position in one answer, each part equal to its own route's answer.
 */
describe('Opening a room (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let third: TestUser;
  let outsider: TestUser;
  let room: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    [owner, member, third, outsider] = await Promise.all(
      ['oowner', 'omember', 'othird', 'ooutsider'].map((username) => registerUser(t.http, { username })),
    );
    room = await createRoom(t.http, owner, { name: 'Open me', participants: [member.id, third.id] });
    let last = { id: '' };
    for (let i = 1; i <= 5; i += 1) last = await send(t.http, owner, room.id, `message ${i}`);
    // The last message (the room's `last_message` and the page's newest) with a reaction of the reader's own.
    await t.http
      .put(`${API}/rooms/${room.id}/messages/${last.id}/reactions/${encodeURIComponent('👍')}`)
      .set(member.auth)
      .expect(200);
    await t.http.post(`${API}/rooms/${room.id}/read`).set(member.auth).send({ seq: 2 }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (user: TestUser, path: string) => t.http.get(`${API}/rooms/${room.id}${path}`).set(user.auth);

  it('answers what the room, history and members routes answer, with the read position', async () => {
    const opened = await get(member, '/open?limit=2&members_limit=2').expect(200);
    const [alone, history, members] = await Promise.all([
      get(member, '').expect(200),
      get(member, '/messages?limit=2').expect(200),
      get(member, '/members?page_size=2').expect(200),
    ]);
    expect(opened.body).toEqual({
      room: alone.body,
      messages: history.body,
      members: members.body,
      read: { last_read_seq: 2, unread_count: alone.body.unread_count },
    });
    // The parts page on at their own routes.
    expect(opened.body.messages.next).toMatch(new RegExp(`/api/v1/rooms/${room.id}/messages\\?limit=2&before=\\d+$`));
    expect(opened.body.members.next).toMatch(new RegExp(`/api/v1/rooms/${room.id}/members\\?page_size=2&page=2$`));
    expect(opened.body.room.unread_count).toBeGreaterThan(0);
    expect(opened.body.room.last_message).toMatchObject({ content: 'message 5', reactions: [{ emoji: '👍', count: 1, me: true }] });
  });

  it('uses the routes’ default page sizes when none is given', async () => {
    const opened = await get(owner, '/open').expect(200);
    const [alone, history, members] = await Promise.all([
      get(owner, '').expect(200),
      get(owner, '/messages').expect(200),
      get(owner, '/members').expect(200),
    ]);
    expect(opened.body).toEqual({
      room: alone.body,
      messages: history.body,
      members: members.body,
      read: { last_read_seq: alone.body.last_seq, unread_count: 0 },
    });
    expect(opened.body.messages.results).toHaveLength(6); // the creation's system message and five
    expect(opened.body.members).toMatchObject({ count: 3, page_size: 10 });
  });

  it('marks nothing read', async () => {
    const before = (await get(third, '').expect(200)).body;
    expect(before.unread_count).toBe(5);
    await get(third, '/open').expect(200);
    const after = (await get(third, '').expect(200)).body;
    expect(after.unread_count).toBe(5);
    const mine = (await get(third, '/members').expect(200)).body.results.find((m: { user: { id: string } }) => m.user.id === third.id);
    expect(mine.last_read_seq).toBe(0);
  });

  it('opens a public room for a reader who is not a member, without a read position', async () => {
    const lobby = await createRoom(t.http, owner, { name: 'Lobby', visibility: 'public' });
    await send(t.http, owner, lobby.id, 'welcome');
    const opened = await t.http.get(`${API}/rooms/${lobby.id}/open`).set(outsider.auth).expect(200);
    expect(opened.body.read).toBeNull();
    expect(opened.body.room).toMatchObject({ id: lobby.id, my_role: null, unread_count: 0 });
    expect(opened.body.messages.results.at(-1)).toMatchObject({ content: 'welcome' });
    expect(opened.body.members.results.map((m: { user: { id: string } }) => m.user.id)).toEqual([owner.id]);
  });

  it('answers 401 without a valid token', async () => {
    const none = await t.http.get(`${API}/rooms/${room.id}/open`).expect(401);
    expect(none.body.code).toBe('not_authenticated');
    const bad = await t.http.get(`${API}/rooms/${room.id}/open`).set({ Authorization: 'Bearer not-a-token' }).expect(401);
    expect(bad.body.code).toBe('token_not_valid');
  });

  it('answers 403 room_access_denied to a non-member of a private room', async () => {
    const res = await get(outsider, '/open').expect(403);
    expect(res.body).toEqual({ detail: 'You do not have access to this room.', code: 'room_access_denied' });
  });

  it('answers 404 for an unknown room and 400 for a malformed id', async () => {
    const unknown = await t.http.get(`${API}/rooms/${randomUUID()}/open`).set(owner.auth).expect(404);
    expect(unknown.body.code).toBe('room_not_found');
    const malformed = await t.http.get(`${API}/rooms/not-a-uuid/open`).set(owner.auth).expect(400);
    expect(malformed.body).toHaveProperty('id');
  });

  it.each(['limit=0', 'limit=101', 'limit=abc', 'members_limit=0', 'members_limit=101', 'members_limit=2.5'])(
    'answers 400 naming the field for %s',
    async (query) => {
      const res = await get(member, `/open?${query}`).expect(400);
      expect(res.body).toHaveProperty(query.split('=')[0]);
    },
  );
});
