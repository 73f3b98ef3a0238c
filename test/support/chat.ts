import { API, Http } from './test-app';
import { TestUser } from './factories';

/** Creates a room through the API as `owner` and returns its body. */
export async function createRoom(http: Http, owner: TestUser, body: Record<string, unknown> = {}): Promise<{ id: string; [key: string]: unknown }> {
  const res = await http
    .post(`${API}/rooms`)
    .set(owner.auth)
    .send({ room_type: 'GROUP', ...body });
  if (res.status !== 201) throw new Error(`create room failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function send(http: Http, user: TestUser, roomId: string, content: string, extra: Record<string, unknown> = {}) {
  const res = await http
    .post(`${API}/rooms/${roomId}/messages`)
    .set(user.auth)
    .send({ content, ...extra });
  if (res.status !== 201 && res.status !== 200) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; seq: number; [key: string]: unknown };
}
