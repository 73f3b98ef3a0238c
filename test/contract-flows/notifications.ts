import { randomUUID } from 'node:crypto';
import { unsubscribeToken } from '../../src/platform/notifications/unsubscribe-token';
import { API, TEST_JWT_SECRET } from '../support/test-app';
import type { Flow } from './flow';

/** Push devices, notification preferences, the dead letters and the unsubscribe link (docs/notifications.md). */
export async function notificationsFlow({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const [amy, ben] = [await register('notifyamy'), await register('notifyben')];
  const device = randomUUID();
  await ok(api.get(`${API}/notifications/web-push-key`).set(auth(amy.token)), 200);
  await ok(
    api.put(`${API}/users/me/devices/${device}`).set(auth(amy.token)).send({ platform: 'ios', token: 'abc123', app_id: 'com.example.chat' }),
    200,
  );
  // A push endpoint on a private address is refused (NOTIFICATION_ALLOW_PRIVATE is off here).
  const web = { platform: 'web', subscription: { endpoint: 'http://127.0.0.1:9/push', keys: { p256dh: 'BAAA', auth: 'AAAA' } } };
  await ok(api.put(`${API}/users/me/devices/${randomUUID()}`).set(auth(amy.token)).send(web), 400);
  await ok(api.get(`${API}/users/me/devices`).set(auth(amy.token)), 200);
  await ok(api.get(`${API}/users/me/devices`), 401);
  await ok(api.delete(`${API}/users/me/devices/${device}`).set(auth(amy.token)), 204);
  await ok(api.delete(`${API}/users/me/devices/${device}`).set(auth(amy.token)), 404);

  await ok(api.get(`${API}/users/me/notification-settings`).set(auth(amy.token)), 200);
  const settings = { level: 'all', quiet_hours: { start: '22:00', end: '07:00' }, time_zone: 'Europe/Berlin', snooze_until: null };
  await ok(api.patch(`${API}/users/me/notification-settings`).set(auth(amy.token)).send(settings), 200);
  await ok(api.patch(`${API}/users/me/notification-settings`).set(auth(amy.token)).send({ level: 'loud' }), 400);
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(amy.token))
      .send({ name: 'Notify', room_type: 'GROUP', participants: [ben.id] }),
    201,
  );
  const level = `${API}/users/me/rooms/${room.id}/notifications`;
  await ok(api.put(level).set(auth(ben.token)).send({ level: 'nothing' }), 200);
  await ok(api.get(level).set(auth(ben.token)), 200);
  await ok(api.delete(level).set(auth(ben.token)), 204);
  await ok(api.get(`${API}/users/me/rooms/${randomUUID()}/notifications`).set(auth(ben.token)), 404);

  await ok(api.get(`${API}/admin/notifications/dead`).set(auth(root.access_token)), 200);
  await ok(api.get(`${API}/admin/notifications/dead`).set(auth(amy.token)), 403);
  await ok(api.post(`${API}/admin/notifications/dead/${randomUUID()}/requeue`).set(auth(root.access_token)), 404);

  const link = `${API}/notifications/unsubscribe?user=${amy.id}&sig=${unsubscribeToken(TEST_JWT_SECRET, amy.id)}`;
  await ok(api.get(link), 200);
  await ok(api.get(`${API}/notifications/unsubscribe?user=${amy.id}&sig=forged`), 400);
  await ok(api.post(link).type('form').send('List-Unsubscribe=One-Click'), 204);
}
