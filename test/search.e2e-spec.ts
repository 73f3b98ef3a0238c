import pg from 'pg';
import { APP_ROLE } from '../src/core/database/organization-scope';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { API, startTestApp, TestApp } from './support/test-app';

type Hit = { room: { id: string; name: string | null; room_type: string }; message: { id: string; content: string; room_id: string } };

describe('Search (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let roomId: string;
  let secretRoom: string;
  let publicRoom: string;
  const inRoom = async (user: TestUser, q: string, room = roomId) =>
    (await t.http.get(`${API}/rooms/${room}/messages/search`).query({ q }).set(user.auth).expect(200)).body.results.map(
      (m: { content: string }) => m.content,
    );
  const everywhere = async (user: TestUser, q: string) =>
    (await t.http.get(`${API}/messages/search`).query({ q }).set(user.auth).expect(200)).body.results as Hit[];

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t.http);
    bob = await registerUser(t.http);
    eve = await registerUser(t.http);
    roomId = (await createRoom(t.http, alice, { name: 'Orchard', participants: [bob.id] })).id;
    secretRoom = (await createRoom(t.http, eve, { name: 'Secret' })).id;
    publicRoom = (await createRoom(t.http, eve, { name: 'Agora', visibility: 'public' })).id;
    for (const text of ['I like apples', 'a red apple here', 'apple red, not a phrase', 'application form', 'banana split']) {
      await send(t.http, alice, roomId, text);
    }
    await send(t.http, eve, secretRoom, 'secret apples of eve');
    await send(t.http, eve, publicRoom, 'public apples for all');
  });
  afterAll(async () => {
    await t.close();
  });

  it('stems words, matches the last word as a prefix and keeps quoted phrases, ordered by seq', async () => {
    expect(await inRoom(bob, 'apple')).toEqual(['I like apples', 'a red apple here', 'apple red, not a phrase', 'application form']);
    expect(await inRoom(bob, 'apples -red')).toEqual(['I like apples']); // no prefix: the last word is an exclusion
    expect(await inRoom(bob, 'appl')).toHaveLength(4);
    expect(await inRoom(bob, 'ban')).toEqual(['banana split']);
    expect(await inRoom(bob, '"red apple"')).toEqual(['a red apple here']);
    expect(await inRoom(bob, '"red apple" here')).toEqual(['a red apple here']);
    expect(await inRoom(bob, 'kiwi')).toEqual([]);
    expect(await inRoom(bob, '!!! ***')).toEqual([]);
  });

  it('finds messages through the GIN index under row-level security (message_search_ids), where a plain @@ cannot use it', async () => {
    // auto_explain's plans of nested statements, sent to this client as notices; a sequential scan made dear, so the
    // index is chosen wherever the policy allows it on these few rows.
    const client = new pg.Client({ connectionString: t.databaseUrl });
    const plans: string[] = [];
    client.on('notice', (notice) => plans.push(String(notice.message)));
    await client.connect();
    try {
      const loaded = await client.query(`LOAD 'auto_explain'`).then(
        () => true,
        (error: Error) => (console.log(`index plan not checked: auto_explain is not available (${error.message})`), false),
      );
      if (!loaded) return;
      await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice`);
      await client.query(`SET enable_seqscan = off`);
      const { rows } = await client.query<{ organization_id: string }>(`SELECT organization_id FROM rooms WHERE id = $1`, [roomId]);
      await client.query(`SET ROLE ${APP_ROLE}`);
      await client.query(`SELECT set_config('parley.organization_id', $1, false)`, [rows[0].organization_id]);
      plans.length = 0;
      await client.query(`SELECT id FROM messages WHERE to_tsvector('english', content) @@ to_tsquery('english', 'apple')`);
      expect(plans.join('\n')).toMatch(/Seq Scan on messages/);
      plans.length = 0;
      const found = await client.query(`SELECT message_search_ids('english', to_tsquery('english', 'apple')) AS id`);
      expect(found.rows).toHaveLength(5); // apples in three rooms, not 'application' (stems differ)
      expect(plans.join('\n')).toMatch(/ix_messages_search/);
    } finally {
      await client.end();
    }
  });

  it('searches every room I can read, each hit with its room, never a private room of others (BOLA)', async () => {
    const hits = await everywhere(bob, 'apples');
    const rooms = new Set(hits.map((h) => h.room.id));
    expect(rooms).toEqual(new Set([roomId, publicRoom]));
    expect(hits[0]).toMatchObject({ room: { id: publicRoom, name: 'Agora', room_type: 'GROUP' }, message: { content: 'public apples for all' } });
    expect(hits.every((h) => h.message.room_id === h.room.id)).toBe(true);
    expect((await everywhere(eve, 'secret')).map((h) => h.room.id)).toEqual([secretRoom]);
    expect(await everywhere(bob, 'secret')).toEqual([]);
  });

  it('pages by keyset, newest first', async () => {
    const first = await t.http.get(`${API}/messages/search?q=apple&limit=2`).set(bob.auth).expect(200);
    const next = new URL(first.body.next);
    const second = await t.http.get(`${next.pathname}${next.search}`).set(bob.auth).expect(200);
    const seen = [...first.body.results, ...second.body.results].map((h: Hit) => h.message.content);
    expect(seen.slice(0, 4)).toEqual(['public apples for all', 'application form', 'apple red, not a phrase', 'a red apple here']);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('answers 401 and 400 for a missing, blank, huge or NUL-laden query and a bad cursor', async () => {
    await t.http.get(`${API}/messages/search?q=apple`).expect(401);
    await t.http.get(`${API}/messages/search`).set(bob.auth).expect(400);
    await t.http.get(`${API}/messages/search?q=`).set(bob.auth).expect(400);
    await t.http
      .get(`${API}/messages/search`)
      .query({ q: 'x'.repeat(201) })
      .set(bob.auth)
      .expect(400);
    await t.http.get(`${API}/messages/search?q=apple&cursor=bad!`).set(bob.auth).expect(400);
    await t.http.get(`${API}/messages/search?q=apple&limit=0`).set(bob.auth).expect(400);
    await t.http.get(`${API}/messages/search?q[a]=1`).set(bob.auth).expect(400);
    const nul = await t.http.get(`${API}/messages/search`).query({ q: 'app\u0000le' }).set(bob.auth);
    expect(nul.status).toBeLessThan(500);
  });

  it('with SEARCH_LANGUAGE=simple matches whole words only (prefix still works)', async () => {
    const simple = await startTestApp({ SEARCH_LANGUAGE: 'simple' });
    try {
      const user = await registerUser(simple.http);
      const room = (await createRoom(simple.http, user)).id;
      await send(simple.http, user, room, 'I like apples');
      const search = async (q: string) =>
        (await simple.http.get(`${API}/rooms/${room}/messages/search`).query({ q }).set(user.auth).expect(200)).body.results.length;
      await expect(search('apple -x')).resolves.toBe(0);
      await expect(search('apple')).resolves.toBe(1); // the last word is a prefix
      await expect(search('apples')).resolves.toBe(1);
    } finally {
      await simple.close();
    }
  });
});
