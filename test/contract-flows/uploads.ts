import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import { png } from '../support/uploads';
import type { Flow } from './flow';

/** Uploads, their downloads, and a message carrying them (its `attachments` checked against the document). */
export async function uploadsAndAttachments({ api, ok, auth, register }: Flow): Promise<void> {
  const [owner, outsider] = [await register('upowner'), await register('upoutsider')];
  await ok(api.get(`${API}/uploads/limits`).set(auth(owner.token)), 200);
  const image = await ok(
    api
      .post(`${API}/uploads`)
      .set(auth(owner.token))
      .attach('file', await png(64, 48), 'pic.png'),
    201,
  );
  const text = await ok(api.post(`${API}/uploads`).set(auth(owner.token)).attach('file', Buffer.from('notes'), 'notes.txt'), 201);
  await ok(api.post(`${API}/uploads`).set(auth(owner.token)).field('name', 'no file'), 400);
  await ok(
    api
      .post(`${API}/uploads`)
      .set(auth(owner.token))
      .attach('file', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]), 'a.pdf'),
    415,
  );
  await ok(api.get(`${API}/uploads/${image.id}`).set(auth(outsider.token)), 404); // not attached yet: its uploader's only

  const room = await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ name: 'Files', room_type: 'GROUP' }), 201);
  const message = await ok(
    api
      .post(`${API}/rooms/${room.id}/messages`)
      .set(auth(owner.token))
      .send({ content: 'files', attachments: [image.id, text.id] }),
    201,
  );
  expect(message.attachments.map((a: { id: string }) => a.id)).toEqual([image.id, text.id]);
  await ok(
    api
      .post(`${API}/rooms/${room.id}/messages`)
      .set(auth(owner.token))
      .send({ content: 'again', attachments: [image.id] }),
    409,
  );

  await ok(api.get(`${API}/uploads/${image.id}`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/uploads/${image.id}/content`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/uploads/${image.id}/thumbnail`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/uploads/${text.id}/content`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/uploads/${image.id}/content`).set(auth(outsider.token)), 403);
  await ok(api.get(`${API}/uploads/${text.id}/thumbnail`).set(auth(owner.token)), 404);
  await ok(api.get(`${API}/uploads/${randomUUID()}/content`).set(auth(owner.token)), 404);
  await ok(api.get(`${API}/uploads/${image.id}/content`), 401);
  await ok(api.delete(`${API}/rooms/${room.id}/messages/${message.id}`).set(auth(owner.token)), 204); // its files go with it
}
