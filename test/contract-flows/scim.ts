import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

const SCIM = '/scim/v2';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** SCIM 2.0 (docs/scim.md): every route with an API key of the `scim` scope, and its refusals. */
export async function scimFlow({ api, ok, auth, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const key = await ok(
    api
      .post(`${API}/admin/api-keys`)
      .set(auth(root.access_token))
      .send({ name: 'idp', scopes: ['scim'] }),
    201,
  );
  const other = await ok(
    api
      .post(`${API}/admin/api-keys`)
      .set(auth(root.access_token))
      .send({ name: 'lms', scopes: ['users'] }),
    201,
  );
  const scim = { Authorization: `Bearer ${key.key}`, 'Content-Type': 'application/scim+json' };
  await ok(api.get(`${SCIM}/ServiceProviderConfig`).set(scim), 200);
  await ok(api.get(`${SCIM}/ResourceTypes`).set(scim), 200);
  await ok(api.get(`${SCIM}/Schemas`).set(scim), 200);
  await ok(api.get(`${SCIM}/Users`), 401);
  await ok(api.get(`${SCIM}/Users`).set({ Authorization: `Bearer ${other.key}` }), 403);

  const userName = `flow-${randomUUID().slice(0, 8)}@example.com`;
  const user = await ok(
    api
      .post(`${SCIM}/Users`)
      .set(scim)
      .send(JSON.stringify({ schemas: [USER], userName, name: { givenName: 'Flo' } })),
    201,
  );
  await ok(
    api
      .post(`${SCIM}/Users`)
      .set(scim)
      .send(JSON.stringify({ schemas: [USER], userName })),
    409,
  );
  await ok(
    api
      .post(`${SCIM}/Users`)
      .set(scim)
      .send(JSON.stringify({ schemas: [USER] })),
    400,
  );
  await ok(api.get(`${SCIM}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=10`).set(scim), 200);
  await ok(api.get(`${SCIM}/Users?filter=${encodeURIComponent('userName zz "x"')}`).set(scim), 400);
  await ok(api.get(`${SCIM}/Users/${user.id}`).set(scim), 200);
  await ok(api.get(`${SCIM}/Users/${randomUUID()}`).set(scim), 404);
  await ok(
    api
      .put(`${SCIM}/Users/${user.id}`)
      .set(scim)
      .send(JSON.stringify({ schemas: [USER], userName, active: true })),
    200,
  );
  await ok(
    api
      .put(`${SCIM}/Users/${randomUUID()}`)
      .set(scim)
      .send(JSON.stringify({ schemas: [USER], userName: 'x@example.com' })),
    404,
  );
  const patch = JSON.stringify({ schemas: [PATCH], Operations: [{ op: 'Replace', value: { active: 'False' } }] });
  await ok(api.patch(`${SCIM}/Users/${user.id}`).set(scim).send(patch), 200);
  await ok(
    api
      .patch(`${SCIM}/Users/${user.id}`)
      .set(scim)
      .send(JSON.stringify({ Operations: [] })),
    400,
  );
  await ok(
    api
      .patch(`${SCIM}/Users/${user.id}`)
      .set({ ...scim, 'If-Match': 'W/"stale"' })
      .send(patch),
    412,
  );
  await ok(api.delete(`${SCIM}/Users/${user.id}`).set({ ...scim, 'If-Match': 'W/"stale"' }), 412);

  const group = await ok(
    api
      .post(`${SCIM}/Groups`)
      .set(scim)
      .send(JSON.stringify({ schemas: [GROUP], displayName: 'Flow group', members: [{ value: user.id }] })),
    201,
  );
  await ok(
    api
      .post(`${SCIM}/Groups`)
      .set(scim)
      .send(JSON.stringify({ schemas: [GROUP], members: [] })),
    400,
  );
  await ok(api.get(`${SCIM}/Groups?filter=${encodeURIComponent('displayName eq "Flow group"')}&excludedAttributes=members`).set(scim), 200);
  await ok(api.get(`${SCIM}/Groups/${group.id}`).set(scim), 200);
  await ok(api.get(`${SCIM}/Groups/${randomUUID()}`).set(scim), 404);
  await ok(
    api
      .put(`${SCIM}/Groups/${group.id}`)
      .set(scim)
      .send(JSON.stringify({ schemas: [GROUP], displayName: 'Flow group', members: [] })),
    200,
  );
  const add = JSON.stringify({ schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: user.id }] }] });
  await ok(api.patch(`${SCIM}/Groups/${group.id}`).set(scim).send(add), 200);
  await ok(
    api
      .patch(`${SCIM}/Groups/${group.id}`)
      .set({ ...scim, 'If-Match': 'W/"stale"' })
      .send(add),
    412,
  );
  await ok(api.delete(`${SCIM}/Groups/${group.id}`).set(scim), 204);
  await ok(api.delete(`${SCIM}/Groups/${group.id}`).set(scim), 404);
  await ok(api.delete(`${SCIM}/Users/${user.id}`).set(scim), 204);
  await ok(api.delete(`${SCIM}/Users/${user.id}`).set(scim), 404);
}
