import { randomUUID } from 'node:crypto';
import { createRoom } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { PushService } from './support/push-service';
import { API, startTestApp, TestApp } from './support/test-app';

/** Devices and preferences (docs/notifications.md); delivery is test/notifications-delivery.e2e-spec.ts. */
describe('Notification devices and preferences (e2e)', () => {
  let t: TestApp;
  let push: PushService;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    push = await new PushService().start();
    t = await startTestApp({ NOTIFICATION_ALLOW_PRIVATE: 'true' });
    alice = await registerUser(t.http, { display_name: 'Alice' });
    bob = await registerUser(t.http, { display_name: 'Bob' });
  });
  afterAll(async () => {
    await t.close();
    await push.close();
  });

  describe('devices', () => {
    it('registers a web push subscription and a mobile token, lists them without keys, replaces and removes one', async () => {
      const web = randomUUID();
      const phone = randomUUID();
      const sub = push.subscribe();
      const put = await t.http
        .put(`${API}/users/me/devices/${web}`)
        .set(alice.auth)
        .send({ platform: 'web', subscription: sub.toJSON() })
        .expect(200);
      expect(put.body).toMatchObject({ id: web, platform: 'web', endpoint: sub.endpoint, app_id: null });
      await t.http
        .put(`${API}/users/me/devices/${phone}`)
        .set(alice.auth)
        .send({ platform: 'ios', token: 'a1b2c3d4e5', app_id: 'com.example.chat' })
        .expect(200);
      const again = push.subscribe();
      await t.http.put(`${API}/users/me/devices/${web}`).set(alice.auth).send({ platform: 'web', subscription: again.toJSON() }).expect(200);
      const list = await t.http.get(`${API}/users/me/devices`).set(alice.auth).expect(200);
      expect(list.body.results.map((d: { id: string; platform: string }) => [d.id, d.platform]).sort()).toEqual(
        [
          [phone, 'ios'],
          [web, 'web'],
        ].sort(),
      );
      expect(list.body.results.find((d: { id: string }) => d.id === web).endpoint).toBe(again.endpoint);
      expect(JSON.stringify(list.body)).not.toContain(again.toJSON().keys.auth);
      // Bob sees none of them and cannot remove them.
      expect((await t.http.get(`${API}/users/me/devices`).set(bob.auth).expect(200)).body.results).toEqual([]);
      await t.http.delete(`${API}/users/me/devices/${phone}`).set(bob.auth).expect(404);
      await t.http.delete(`${API}/users/me/devices/${phone}`).set(alice.auth).expect(204);
      await t.http.delete(`${API}/users/me/devices/${phone}`).set(alice.auth).expect(404);
    });

    it('refuses bad input with field errors, and anonymous callers with 401', async () => {
      const id = randomUUID();
      await t.http.get(`${API}/users/me/devices`).expect(401);
      await t.http.put(`${API}/users/me/devices/${id}`).send({ platform: 'web' }).expect(401);
      const badId = await t.http
        .put(`${API}/users/me/devices/not-a-uuid`)
        .set(alice.auth)
        .send({ platform: 'ios', token: 'x', app_id: 'a' })
        .expect(400);
      expect(badId.body.id).toBeDefined();
      const noPlatform = await t.http.put(`${API}/users/me/devices/${id}`).set(alice.auth).send({}).expect(400);
      expect(noPlatform.body.platform).toBeDefined();
      const noSub = await t.http.put(`${API}/users/me/devices/${id}`).set(alice.auth).send({ platform: 'web' }).expect(400);
      expect(noSub.body.subscription).toBeDefined();
      const badKeys = await t.http
        .put(`${API}/users/me/devices/${id}`)
        .set(alice.auth)
        .send({ platform: 'web', subscription: { endpoint: 'https://push.example.com/x', keys: { p256dh: 'not base64!', auth: 'x' } } })
        .expect(400);
      expect(JSON.stringify(badKeys.body)).toContain('p256dh');
      const noToken = await t.http
        .put(`${API}/users/me/devices/${id}`)
        .set(alice.auth)
        .send({ platform: 'android', app_id: 'com.example' })
        .expect(400);
      expect(noToken.body.token).toBeDefined();
      await t.http
        .put(`${API}/users/me/devices/${id}`)
        .set(alice.auth)
        .send({ platform: 'web', subscription: { endpoint: 'ftp://push.example.com/x', keys: { p256dh: 'abc', auth: 'abc' } } })
        .expect(400);
    });

    it('forgets the devices of a login when it logs out, and keeps the other logins', async () => {
      const carol = await registerUser(t.http);
      const second = await t.http.post(`${API}/auth/login`).send({ login: carol.username, password: carol.password }).expect(200);
      const secondAuth = { Authorization: `Bearer ${second.body.access_token}` };
      const [mine, other] = [randomUUID(), randomUUID()];
      await t.http
        .put(`${API}/users/me/devices/${mine}`)
        .set(carol.auth)
        .send({ platform: 'android', token: 'tok1', app_id: 'com.example' })
        .expect(200);
      await t.http
        .put(`${API}/users/me/devices/${other}`)
        .set(secondAuth)
        .send({ platform: 'android', token: 'tok2', app_id: 'com.example' })
        .expect(200);
      await t.http.post(`${API}/auth/logout`).set(secondAuth).send({ refresh_token: second.body.refresh_token }).expect(204);
      const deadline = Date.now() + 3000;
      let ids: string[] = [];
      while (Date.now() < deadline) {
        ids = (await t.http.get(`${API}/users/me/devices`).set(carol.auth).expect(200)).body.results.map((d: { id: string }) => d.id);
        if (ids.length === 1) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(ids).toEqual([mine]);
    });

    it('answers the VAPID public key browsers subscribe with', async () => {
      const res = await t.http.get(`${API}/notifications/web-push-key`).set(alice.auth).expect(200);
      expect(Buffer.from(res.body.public_key, 'base64url')).toHaveLength(65);
    });
  });

  describe('preferences', () => {
    it('starts from the defaults, changes only what is given and clears with null', async () => {
      const user = await registerUser(t.http);
      expect((await t.http.get(`${API}/users/me/notification-settings`).set(user.auth).expect(200)).body).toEqual({
        level: null,
        email: true,
        snooze_until: null,
        quiet_hours: null,
        time_zone: 'UTC',
      });
      const until = new Date(Date.now() + 3600_000).toISOString();
      const patched = await t.http
        .patch(`${API}/users/me/notification-settings`)
        .set(user.auth)
        .send({ level: 'all', snooze_until: until, quiet_hours: { start: '22:00', end: '07:00' }, time_zone: 'Europe/Berlin' })
        .expect(200);
      expect(patched.body).toEqual({
        level: 'all',
        email: true,
        snooze_until: until,
        quiet_hours: { start: '22:00', end: '07:00' },
        time_zone: 'Europe/Berlin',
      });
      const cleared = await t.http
        .patch(`${API}/users/me/notification-settings`)
        .set(user.auth)
        .send({ email: false, snooze_until: null, quiet_hours: null, level: null })
        .expect(200);
      expect(cleared.body).toEqual({ level: null, email: false, snooze_until: null, quiet_hours: null, time_zone: 'Europe/Berlin' });
    });

    it('refuses bad preferences with field errors', async () => {
      const bad = async (body: object, field: string) => {
        const res = await t.http.patch(`${API}/users/me/notification-settings`).set(alice.auth).send(body).expect(400);
        expect(Object.keys(res.body)).toContain(field);
      };
      await bad({ level: 'loud' }, 'level');
      await bad({ email: 'yes' }, 'email');
      await bad({ email: null }, 'email');
      await bad({ snooze_until: 'tomorrow' }, 'snooze_until');
      await bad({ time_zone: 'Mars/Olympus' }, 'time_zone');
      await bad({ quiet_hours: { start: '25:00', end: '07:00' } }, 'quiet_hours.start');
      await t.http.patch(`${API}/users/me/notification-settings`).send({ level: 'all' }).expect(401);
    });

    it('sets a level per room over the default by room type, for members only', async () => {
      const group = await createRoom(t.http, alice, { participants: [bob.id] });
      const direct = (
        await t.http
          .post(`${API}/rooms/direct`)
          .set(alice.auth)
          .send({ user_id: bob.id })
          .expect((r) => expect([200, 201]).toContain(r.status))
      ).body.room as { id: string };
      const url = (roomId: string) => `${API}/users/me/rooms/${roomId}/notifications`;
      expect((await t.http.get(url(group.id)).set(bob.auth).expect(200)).body).toEqual({
        room_id: group.id,
        level: null,
        effective_level: 'mentions',
        muted: false,
      });
      expect((await t.http.get(url(direct.id)).set(bob.auth).expect(200)).body).toMatchObject({ level: null, effective_level: 'all' });
      expect((await t.http.put(url(group.id)).set(bob.auth).send({ level: 'nothing' }).expect(200)).body).toMatchObject({
        level: 'nothing',
        effective_level: 'nothing',
      });
      await t.http.delete(url(group.id)).set(bob.auth).expect(204);
      expect((await t.http.get(url(group.id)).set(bob.auth).expect(200)).body).toMatchObject({ level: null, effective_level: 'mentions' });
      expect(Object.keys((await t.http.put(url(group.id)).set(bob.auth).send({ level: 'some' }).expect(400)).body)).toContain('level');
      await t.http.get(url('nope')).set(bob.auth).expect(400);
      await t.http.get(url(randomUUID())).set(bob.auth).expect(404);
      const stranger = await registerUser(t.http);
      await t.http
        .put(url(group.id))
        .set(stranger.auth)
        .send({ level: 'all' })
        .expect((r) => expect([403, 404]).toContain(r.status));
      await t.http.get(url(group.id)).expect(401);
    });
  });
});
