import { DEFAULT_ORGANIZATION_ID } from '../src/core/database/organization-scope';
import { WEBHOOK_EVENTS, WebhookEventType, eventSpec } from '../src/core/events/event-map';
import { createRoom, send } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser, TestUser } from './support/factories';
import { ClientSocket, connect, eventually, record } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';
import { withClient } from './support/test-database';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * For every webhook event type of the event map: cause the event, then hold the
 * webhook body's `data` equal to the socket payload of the same event (or, for
 * the two events no socket carries, to the REST answer of the change). The list
 * of scenarios is keyed by the map's webhook types, so a new type without one
 * fails to compile and fails the coverage check below.
 */

type Http = TestApp['http'];
interface World {
  http: Http;
  databaseUrl: string;
  alice: TestUser;
  bob: TestUser;
  /** Every server -> client payload Alice's socket received, by event. */
  heard: (event: string) => Record<string, unknown>[];
}
/** What the webhook of the event must carry, and how to find that webhook among the others. */
interface Expected {
  data: unknown;
  matches: (data: Record<string, unknown>) => boolean;
}
type Scenario = (w: World) => Promise<Expected>;

/** The socket payload of `event` that `matches`, once Alice's socket has it. */
async function heardOn(w: World, event: string, matches: (payload: Record<string, unknown>) => boolean): Promise<Expected> {
  let found: Record<string, unknown> | undefined;
  await eventually(() => {
    found = w.heard(event).find(matches);
    expect(found).toBeDefined();
  }, 10000);
  return { data: found, matches };
}

const byId = (id: string) => (data: Record<string, unknown>) => data.id === id;
const byRoom = (roomId: string) => (data: Record<string, unknown>) => data.room_id === roomId;
const byMember = (roomId: string, userId: string) => (data: Record<string, unknown>) =>
  data.room_id === roomId && (data.member as { user: { id: string } } | undefined)?.user.id === userId;

/** A REST answer as nobody in particular sees it: no e-mail address anywhere (the caller's own is shown to them). */
function nobodysView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nobodysView);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'email')
      .map(([key, v]) => [key, nobodysView(v)]),
  );
}

async function roomWithBob(w: World): Promise<string> {
  return (await createRoom(w.http, w.alice, { name: `Events ${Math.random()}`, participants: [w.bob.id] })).id;
}

const SCENARIOS: Record<WebhookEventType, Scenario> = {
  /** A thread reply with a mention: the fields the trigger-built body left out. */
  'message.created': async (w) => {
    const roomId = await roomWithBob(w);
    const root = await send(w.http, w.alice, roomId, 'root');
    const reply = await send(w.http, w.alice, roomId, `hello @${w.bob.username}`, { thread_root_id: root.id });
    return heardOn(w, 'message:new', byId(reply.id));
  },
  'message.updated': async (w) => {
    const roomId = await roomWithBob(w);
    const message = await send(w.http, w.alice, roomId, 'before');
    await w.http.patch(`${API}/rooms/${roomId}/messages/${message.id}`).set(w.alice.auth).send({ content: 'after' }).expect(200);
    return heardOn(w, 'message:updated', (m) => m.id === message.id && m.content === 'after');
  },
  'message.deleted': async (w) => {
    const roomId = await roomWithBob(w);
    const message = await send(w.http, w.alice, roomId, 'doomed');
    await w.http.delete(`${API}/rooms/${roomId}/messages/${message.id}`).set(w.alice.auth).expect(204);
    return heardOn(w, 'message:deleted', byId(message.id));
  },
  'member.joined': async (w) => {
    const roomId = (await createRoom(w.http, w.alice, { name: `Join ${Math.random()}`, participants: [] })).id;
    await w.http
      .post(`${API}/rooms/${roomId}/members`)
      .set(w.alice.auth)
      .send({ user_ids: [w.bob.id] })
      .expect(201);
    return heardOn(w, 'member:joined', byMember(roomId, w.bob.id));
  },
  /** A ban: the reason the deleting transaction names (the ban itself is written after the delete). */
  'member.left': async (w) => {
    const roomId = await roomWithBob(w);
    await w.http.delete(`${API}/rooms/${roomId}/members/${w.bob.id}?ban=true`).set(w.alice.auth).expect(204);
    const heard = await heardOn(w, 'member:left', byMember(roomId, w.bob.id));
    expect(heard.data).toMatchObject({ reason: 'banned' });
    return heard;
  },
  'member.updated': async (w) => {
    const roomId = await roomWithBob(w);
    await w.http.patch(`${API}/rooms/${roomId}/members/${w.bob.id}`).set(w.alice.auth).send({ role: 'admin' }).expect(200);
    return heardOn(w, 'member:updated', byMember(roomId, w.bob.id));
  },
  /** The room as every viewer sees it (viewer-neutral, like room:updated), to each member's own channel. */
  'room.created': async (w) => {
    const room = await createRoom(w.http, w.alice, { name: `Created ${Math.random()}`, participants: [w.bob.id] });
    const heard = await heardOn(w, 'room:created', byId(room.id));
    expect(heard.data).toEqual(nobodysView({ ...room, my_role: null, unread_count: 0, unread_mentions: 0, notifications_muted: false }));
    return heard;
  },
  'room.updated': async (w) => {
    const roomId = await roomWithBob(w);
    await w.http
      .patch(`${API}/rooms/${roomId}`)
      .set(w.alice.auth)
      .send({ name: `Renamed ${roomId}` })
      .expect(200);
    return heardOn(w, 'room:updated', (r) => r.id === roomId && r.name === `Renamed ${roomId}`);
  },
  /** A room the platform made (its external id is what integrators key on): both payloads name it. */
  'room.deleted': async (w) => {
    const roomId = await roomWithBob(w);
    const externalId = `course-${roomId}`;
    await withClient(w.databaseUrl, (c) => c.query(`INSERT INTO external_rooms (external_id, room_id) VALUES ($1, $2)`, [externalId, roomId]));
    await w.http.delete(`${API}/rooms/${roomId}`).set(w.alice.auth).expect(204);
    const heard = await heardOn(w, 'room:deleted', byRoom(roomId));
    expect(heard.data).toEqual({ room_id: roomId, external_id: externalId });
    return heard;
  },
  /** To the invitee (Alice here): the invitation as the REST answer shows it, to nobody in particular. */
  'invitation.created': async (w) => {
    const roomId = (await createRoom(w.http, w.bob, { name: `Invite ${Math.random()}`, participants: [] })).id;
    const res = await w.http.post(`${API}/rooms/${roomId}/invitations`).set(w.bob.auth).send({ user_id: w.alice.id }).expect(201);
    const heard = await heardOn(w, 'invitation:created', byId(res.body.id));
    expect(heard.data).toEqual(nobodysView(res.body));
    return heard;
  },
};

describe('Event payloads: webhook body = socket payload (e2e)', () => {
  let t: TestApp;
  let world: World;
  let receiver: WebhookReceiver;
  let socket: ClientSocket;

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN_ACCOUNT, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_INTERVAL_MS: '50' });
    const admin = await loginAdmin(t.http);
    const alice = await registerUser(t.http, { display_name: 'Alice' });
    const bob = await registerUser(t.http, { display_name: 'Bob' });
    receiver = await new WebhookReceiver().start();
    const endpoint = await t.http.post(`${API}/admin/webhooks`).set(admin).send({ url: receiver.url }).expect(201);
    receiver.secret = endpoint.body.secret;
    socket = await connect(t.baseUrl, alice.access);
    const recorded = new Map<string, Record<string, unknown>[]>();
    const heard = (event: string) => {
      if (!recorded.has(event)) recorded.set(event, record(socket, event));
      return recorded.get(event)!;
    };
    for (const type of WEBHOOK_EVENTS) {
      const event = eventSpec(type).socket;
      if (event) heard(event);
    }
    world = { http: t.http, databaseUrl: t.databaseUrl, alice, bob, heard };
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
    await receiver?.close();
  });

  it('has a scenario for every webhook event type of the map', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...WEBHOOK_EVENTS].sort());
  });

  it("never broadcasts a member's e-mail address to the room, even when the member is the one who acted", async () => {
    const roomId = (await createRoom(t.http, world.alice, { name: 'Private addresses', visibility: 'public', participants: [] })).id;
    await t.http.post(`${API}/rooms/${roomId}/join`).set(world.bob.auth).expect(200);
    await t.http.post(`${API}/rooms/${roomId}/leave`).set(world.bob.auth).expect(204);
    const left = await heardOn(world, 'member:left', byMember(roomId, world.bob.id));
    const joined = await heardOn(world, 'member:joined', byMember(roomId, world.bob.id));
    expect(JSON.stringify([left.data, joined.data])).not.toContain('email');
  });

  for (const type of WEBHOOK_EVENTS) {
    it(`${type}: the webhook's data equals the ${eventSpec(type).socket ?? 'REST'} payload`, async () => {
      const expected = await SCENARIOS[type](world);
      let body: Record<string, unknown> | undefined;
      let organizationId: string | undefined;
      await eventually(() => {
        const heard = receiver.ofType(type).find((r) => expected.matches(r.data));
        body = heard?.data;
        organizationId = heard?.organization_id;
        expect(body).toBeDefined();
      }, 15000);
      expect(receiver.badSignatures).toBe(0);
      expect(body).toEqual(expected.data);
      // Every body names the organization the event happened in (docs/platform.md).
      expect(organizationId).toBe(DEFAULT_ORGANIZATION_ID);
    });
  }
});
