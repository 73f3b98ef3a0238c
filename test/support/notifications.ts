import { randomUUID } from 'node:crypto';
import type { TestUser } from './factories';
import type { BrowserSubscription, PushService } from './push-service';
import { withClient } from './test-database';
import { API, type Http } from './test-app';

/** A row of the notification outbox, as the notification specs read it. */
export interface NotificationRow {
  id: string;
  channel: string;
  state: string;
  items: string[];
  due_at: Date;
  attempts: number;
}

/** The user's outbox rows, oldest first. */
export const notificationRows = (databaseUrl: string, userId: string): Promise<NotificationRow[]> =>
  withClient(databaseUrl, async (c) => (await c.query(`SELECT * FROM notifications WHERE user_id = $1 ORDER BY created_at`, [userId])).rows);

/** The direct room of two users (made on first use), by id. */
export const directRoom = async (http: Http, from: TestUser, to: TestUser): Promise<string> =>
  (await http.post(`${API}/rooms/direct`).set(from.auth).send({ user_id: to.id })).body.room.id as string;

/** Registers a browser subscription at the stand-in push service as one of the user's devices. */
export async function registerWebDevice(http: Http, push: PushService, user: TestUser): Promise<BrowserSubscription> {
  const sub = push.subscribe();
  await http.put(`${API}/users/me/devices/${randomUUID()}`).set(user.auth).send({ platform: 'web', subscription: sub.toJSON() }).expect(200);
  return sub;
}
