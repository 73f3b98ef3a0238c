import { randomUUID } from 'node:crypto';
import { DEFAULT_ORGANIZATION_ID } from '../../src/core/database/organization-scope';
import { binary } from '../support/uploads';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Compliance exports (docs/compliance.md): a job, its status with the manifest, the archive whole and resumed. `settle` runs the worker. */
export async function complianceExportsFlow({ api, ok, auth, register, admin }: Flow, settle: () => Promise<void>): Promise<void> {
  const root = auth((await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200)).access_token);
  const owner = await register('ceowner');
  const room = await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ name: 'Exported', room_type: 'GROUP' }), 201);
  await ok(api.post(`${API}/rooms/${room.id}/messages`).set(auth(owner.token)).send({ content: 'on the record' }), 201);
  const exports = `${API}/admin/compliance-exports`;
  await ok(
    api
      .post(exports)
      .set(auth(owner.token))
      .send({ room_ids: [room.id], format: 'csv' }),
    403,
  );
  await ok(
    api
      .post(exports)
      .set(root)
      .send({ room_ids: [room.id], format: 'xml' }),
    400,
  );
  await ok(
    api
      .post(exports)
      .set(root)
      .send({ room_ids: [randomUUID()], format: 'csv' }),
    404,
  );
  const job = await ok(
    api
      .post(exports)
      .set(root)
      .send({ room_ids: [room.id], user_ids: [owner.id], format: 'jsonl', include_files: true }),
    201,
  );
  await settle();
  const done = await ok(api.get(`${exports}/${job.id}`).set(root), 200);
  expect(done.status).toBe('done');
  await ok(api.get(`${exports}/${randomUUID()}`).set(root), 404);
  await api.get(`${exports}/${job.id}/download`).set(root).buffer(true).parse(binary).expect(200);
  await api.get(`${exports}/${job.id}/download`).set(root).set('Range', 'bytes=10-').buffer(true).parse(binary).expect(206);
  await ok(api.get(`${exports}/${job.id}/download`).set(root).set('Range', `bytes=${done.size}-`), 416);
  await ok(api.get(`${exports}/${randomUUID()}/download`).set(root), 404);

  // A whole organization (the caller's own), and the list of jobs.
  const whole = await ok(api.post(exports).set(root).send({ organization_id: DEFAULT_ORGANIZATION_ID, format: 'jsonl' }), 201);
  await ok(api.post(exports).set(root).send({ organization_id: randomUUID(), format: 'jsonl' }), 404);
  await settle();
  const page = await ok(api.get(`${exports}?limit=1`).set(root), 200);
  expect(page.results[0].id).toBe(whole.id);
  await ok(api.get(exports).set(auth(owner.token)), 403);
  await ok(api.get(`${exports}?limit=0`).set(root), 400);
}
