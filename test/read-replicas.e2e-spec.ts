import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { postgresBinDir, privateReplicaPair, PrivateReplicaPair } from './support/private-replica';
import { eventually } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';
import { ReadReplicas } from '../src/core/database/read-replicas';

/**
 * Read replicas (DATABASE_REPLICA_URLS): a private primary and its streaming replica
 * (this machine's PostgreSQL binaries, in temporary folders on spare ports). Search,
 * room lists and scrollback read from the replica when it is fresh enough; the writer
 * reads its own writes; a replica past DATABASE_REPLICA_MAX_LAG_MS, or stopped, is
 * skipped without an error. Skipped, with the reason printed, without pg_config.
 */
if (!postgresBinDir) console.log('Read replica suite skipped: no PostgreSQL server binaries (pg_config) on this machine.');
const describeReplicas = postgresBinDir ? describe : describe.skip;

const MAX_LAG_MS = 4000;

describeReplicas('Read replicas (e2e)', () => {
  let pair: PrivateReplicaPair;
  let t: TestApp;
  let replicas: ReadReplicas;
  let reader: TestUser;
  let writer: TestUser;
  let roomId: string;

  beforeAll(async () => {
    pair = await privateReplicaPair();
    t = await startTestApp({
      DATABASE_URL: pair.primaryUrl,
      DATABASE_REPLICA_URLS: pair.replicaUrl,
      DATABASE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
    });
    replicas = t.app.get(ReadReplicas);
    reader = await registerUser(t.http);
    writer = await registerUser(t.http);
    roomId = (await createRoom(t.http, writer, { participants: [reader.id] })).id;
    await send(t.http, writer, roomId, 'alpha first words');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pair?.close();
  }, 60_000);

  const searchRoom = (user: TestUser, q: string) => t.http.get(`${API}/rooms/${roomId}/messages/search`).query({ q }).set(user.auth);
  const searchAll = (user: TestUser, q: string) => t.http.get(`${API}/messages/search`).query({ q }).set(user.auth);
  const routed = async (user: TestUser) => {
    await replicas.polled();
    return replicas.route(user.id);
  };

  it('serves reads from the replica, the writer its own writes, and skips a replica past the lag bound', async () => {
    // Caught up: the reader's reads go to the replica (the reader last wrote before it caught up).
    await eventually(async () => expect(await routed(reader)).toBe(0), 15_000);

    // The replica stops replaying; a message is written on the primary.
    await pair.pauseReplay();
    const bravo = await send(t.http, writer, roomId, 'bravo second words');

    // The reader's search comes from the replica, which has not replayed it: not found (yet).
    expect(replicas.route(reader.id)).toBe(0);
    const stale = await searchRoom(reader, 'bravo').expect(200);
    expect(stale.body.results).toEqual([]);
    // The writer reads its own write: from the primary (the replica has not replayed past it).
    expect(replicas.route(writer.id)).toBeNull();
    const own = await searchRoom(writer, 'bravo').expect(200);
    expect(own.body.results.map((m: { id: string }) => m.id)).toEqual([bravo.id]);
    expect((await searchAll(writer, 'bravo').expect(200)).body.results).toHaveLength(1);
    // Scrollback reaching into what the replica lacks goes to the primary (its guard on the room's last seq).
    const page = await t.http
      .get(`${API}/rooms/${roomId}/messages`)
      .query({ before: bravo.seq + 1, limit: 1 })
      .set(reader.auth)
      .expect(200);
    expect(page.body.results.map((m: { id: string }) => m.id)).toEqual([bravo.id]);

    // Past the lag bound the replica is skipped: the reader is served by the primary.
    await eventually(async () => expect(await routed(reader)).toBeNull(), MAX_LAG_MS * 4);
    expect((await searchRoom(reader, 'bravo').expect(200)).body.results).toHaveLength(1);

    // Replaying again, it is used again, and has the message.
    await pair.resumeReplay();
    await eventually(async () => expect(await routed(reader)).toBe(0), 15_000);
    expect((await searchRoom(reader, 'bravo').expect(200)).body.results).toHaveLength(1);
  }, 90_000);

  it('answers from the primary, never 5xx, when the replica stops, and uses it again once it is back', async () => {
    await eventually(async () => expect(await routed(reader)).toBe(0), 15_000);
    await pair.stopReplica();
    // Whatever the router believed when each read began, every answer is the primary's 200.
    for (const path of [`${API}/rooms`, `${API}/rooms/${roomId}/messages/search?q=alpha`, `${API}/messages/search?q=alpha`]) {
      await t.http.get(path).set(reader.auth).expect(200);
    }
    await t.http.get(`${API}/rooms/${roomId}/messages`).query({ before: 2, limit: 1 }).set(reader.auth).expect(200);
    await eventually(async () => expect(await routed(reader)).toBeNull(), 15_000);
    const rooms = await t.http.get(`${API}/rooms`).set(reader.auth).expect(200);
    expect(rooms.body.results.map((r: { id: string }) => r.id)).toContain(roomId);

    await pair.startReplica();
    await eventually(async () => expect(await routed(reader)).toBe(0), 30_000);
    expect((await searchAll(reader, 'alpha').expect(200)).body.results).toHaveLength(1);
  }, 120_000);
});
