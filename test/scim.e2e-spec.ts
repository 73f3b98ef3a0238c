import { DEFAULT_ORGANIZATION_ID } from '../src/core/database/organization-scope';
import { createRoom } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser } from './support/factories';
import { ClientSocket, connect, disconnected } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SCIM = '/scim/v2';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * SCIM 2.0 (RFC 7643/7644, docs/scim.md) driven by a stand-in provisioning client speaking
 * Okta's dialect (full PUTs, `userName eq` filters) and Entra ID's (PATCH replace without a path,
 * "True"/"False" strings), end to end: sign-in, refresh and sockets of the provisioned users.
 */
describe('SCIM 2.0 service provider (e2e)', () => {
  let t: TestApp;
  let scimKey: string;
  let usersOnlyKey: string;
  let northUserId: string;
  const sockets: ClientSocket[] = [];

  const client = (key: string | null) => {
    const auth = (req: import('supertest').Test) => {
      req.set('Content-Type', 'application/scim+json');
      return key ? req.set('Authorization', `Bearer ${key}`) : req;
    };
    return {
      get: (path: string) => auth(t.http.get(`${SCIM}${path}`)),
      post: (path: string, body: Json) => auth(t.http.post(`${SCIM}${path}`)).send(JSON.stringify(body)),
      put: (path: string, body: Json) => auth(t.http.put(`${SCIM}${path}`)).send(JSON.stringify(body)),
      patch: (path: string, body: Json) => auth(t.http.patch(`${SCIM}${path}`)).send(JSON.stringify(body)),
      delete: (path: string) => auth(t.http.delete(`${SCIM}${path}`)),
    };
  };
  const okta = () => client(scimKey);
  const entra = () => client(scimKey);
  const patchOp = (...Operations: Json[]) => ({ schemas: [PATCH_SCHEMA], Operations });
  const login = (name: string, password: string) => t.http.post(`${API}/auth/login`).send({ login: name, password });
  const expectScimError = (res: { body: Json; headers: Json }, status: number, scimType?: string) => {
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toEqual(expect.objectContaining({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}) }));
    expect(typeof res.body.detail).toBe('string');
  };

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ACCOUNT);
    const admin = await loginAdmin(t.http);
    const key = async (auth: Json, scopes: string[]) =>
      (await t.http.post(`${API}/admin/api-keys`).set(auth).send({ name: 'idp', scopes }).expect(201)).body.key;
    scimKey = await key(admin, ['scim']);
    usersOnlyKey = await key(admin, ['users', 'rooms']);
    // Another organization with its own provisioning client and one user.
    await t.http
      .post(`${API}/organizations`)
      .set(admin)
      .send({ slug: 'north', name: 'North', admin: { username: 'principal', email: 'principal@north.example.com', password: 'north-password-1' } })
      .expect(201);
    const northLogin = await t.http
      .post(`${API}/auth/login`)
      .send({ login: 'principal', password: 'north-password-1', organization: 'north' })
      .expect(200);
    const northKey = await key({ Authorization: `Bearer ${northLogin.body.access_token}` }, ['scim']);
    const created = await client(northKey)
      .post('/Users', { schemas: [USER_SCHEMA], userName: 'someone@north.example.com' })
      .expect(201);
    northUserId = created.body.id;
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  describe('discovery', () => {
    it('describes the service provider, its resource types and schemas', async () => {
      const config = await okta().get('/ServiceProviderConfig').expect(200);
      expect(config.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(config.body).toEqual(
        expect.objectContaining({ patch: { supported: true }, etag: { supported: true }, filter: { supported: true, maxResults: 200 } }),
      );
      const types = await okta().get('/ResourceTypes').expect(200);
      expect(types.body.Resources.map((r: Json) => r.endpoint)).toEqual(['/Users', '/Groups']);
      const schemas = await okta().get('/Schemas').expect(200);
      expect(schemas.body.Resources.map((s: Json) => s.id)).toEqual([USER_SCHEMA, GROUP_SCHEMA]);
    });
  });

  describe('Okta: filter, POST, full PUTs', () => {
    it('provisions, deactivates (sockets and refresh end, login refused), reactivates and deletes a user', async () => {
      const none = await okta()
        .get(`/Users?filter=${encodeURIComponent('userName eq "jane.okta@example.com"')}&startIndex=1&count=100`)
        .expect(200);
      expect(none.body).toEqual(expect.objectContaining({ totalResults: 0, Resources: [] }));
      const body = {
        schemas: [USER_SCHEMA],
        userName: 'jane.okta@example.com',
        name: { givenName: 'Jane', familyName: 'Okta' },
        emails: [{ primary: true, value: 'jane.okta@example.com', type: 'work' }],
        displayName: 'Jane Okta',
        password: 'okta-password-123',
        active: true,
      };
      const created = await okta().post('/Users', body).expect(201);
      const id = created.body.id as string;
      expect(created.headers.location).toMatch(new RegExp(`/scim/v2/Users/${id}$`));
      expect(created.headers.etag).toBe(created.body.meta.version);
      expect(created.body).toEqual(
        expect.objectContaining({ userName: 'jane.okta@example.com', active: true, name: expect.objectContaining({ givenName: 'Jane' }) }),
      );
      expect(created.body.password).toBeUndefined();
      const found = await okta()
        .get(`/Users?filter=${encodeURIComponent('userName eq "JANE.OKTA@example.com"')}`)
        .expect(200);
      expect(found.body.Resources.map((u: Json) => u.id)).toEqual([id]);

      const session = await login('jane.okta@example.com', 'okta-password-123').expect(200);
      const socket = await connect(t.baseUrl, session.body.access_token);
      sockets.push(socket);
      const gone = disconnected(socket);
      const off = await okta()
        .put(`/Users/${id}`, { ...body, password: undefined, active: false })
        .expect(200);
      expect(off.body.active).toBe(false);
      await gone;
      expect((await t.http.post(`${API}/auth/refresh`).send({ refresh_token: session.body.refresh_token })).status).toBeGreaterThanOrEqual(401);
      expect((await login('jane.okta@example.com', 'okta-password-123').expect(403)).body.code).toBe('account_suspended');
      await expect(connect(t.baseUrl, session.body.access_token)).rejects.toThrow();

      const on = await okta()
        .put(`/Users/${id}`, { ...body, password: undefined, active: true })
        .expect(200);
      expect(on.body.active).toBe(true);
      await login('jane.okta@example.com', 'okta-password-123').expect(200);

      await okta().delete(`/Users/${id}`).expect(204);
      expectScimError(await okta().get(`/Users/${id}`).expect(404), 404);
      await login('jane.okta@example.com', 'okta-password-123').expect(401);
    });
  });

  describe('Entra ID: PATCH without a path, "True"/"False" strings', () => {
    it('patches attributes and deactivates and reactivates with string booleans', async () => {
      const created = await entra()
        .post('/Users', {
          schemas: [USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
          externalId: 'entra-object-1',
          userName: 'sam.entra@contoso.example',
          active: 'True',
          displayName: 'Sam',
          emails: [{ primary: 'True', type: 'work', value: 'sam.entra@contoso.example' }],
          name: { givenName: 'Sam', familyName: 'Entra' },
          password: 'entra-password-123',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Sales' },
        })
        .expect(201);
      const id = created.body.id as string;
      const byExternal = await entra()
        .get(`/Users?filter=${encodeURIComponent('externalId eq "entra-object-1"')}`)
        .expect(200);
      expect(byExternal.body.Resources.map((u: Json) => u.id)).toEqual([id]);

      const renamed = await entra()
        .patch(
          `/Users/${id}`,
          patchOp(
            { op: 'Replace', value: { displayName: 'Samantha', 'name.givenName': 'Samantha' } },
            { op: 'replace', path: 'emails[type eq "work"].value', value: 'samantha@contoso.example' },
          ),
        )
        .expect(200);
      expect(renamed.body).toEqual(
        expect.objectContaining({ displayName: 'Samantha', name: expect.objectContaining({ givenName: 'Samantha', familyName: 'Entra' }) }),
      );
      expect(renamed.body.emails[0].value).toBe('samantha@contoso.example');
      const removed = await entra()
        .patch(`/Users/${id}`, patchOp({ op: 'remove', path: 'externalId' }))
        .expect(200);
      expect(removed.body.externalId).toBeUndefined();
      await entra()
        .patch(`/Users/${id}`, patchOp({ op: 'add', path: 'externalId', value: 'entra-object-1' }))
        .expect(200);

      const session = await login('samantha@contoso.example', 'entra-password-123').expect(200);
      const socket = await connect(t.baseUrl, session.body.access_token);
      sockets.push(socket);
      const gone = disconnected(socket);
      const off = await entra()
        .patch(`/Users/${id}`, patchOp({ op: 'Replace', value: { active: 'False' } }))
        .expect(200);
      expect(off.body.active).toBe(false);
      await gone;
      // Entra ID repeats itself: an operation that changes nothing is a 200 with the resource as it is.
      const again = await entra()
        .patch(`/Users/${id}`, patchOp({ op: 'Replace', value: { active: 'False' } }))
        .expect(200);
      expect(again.body.meta.version).toBe(off.body.meta.version);
      expect((await t.http.post(`${API}/auth/refresh`).send({ refresh_token: session.body.refresh_token })).status).toBeGreaterThanOrEqual(401);
      await login('samantha@contoso.example', 'entra-password-123').expect(403);
      const inactive = await entra()
        .get(`/Users?filter=${encodeURIComponent('active eq false and userName sw "sam."')}`)
        .expect(200);
      expect(inactive.body.Resources.map((u: Json) => u.id)).toEqual([id]);

      await entra()
        .patch(`/Users/${id}`, patchOp({ op: 'replace', path: 'active', value: 'True' }))
        .expect(200);
      await login('samantha@contoso.example', 'entra-password-123').expect(200);
    });

    it('adds a work email to a user without one (Add with a filtered path)', async () => {
      const created = await entra()
        .post('/Users', { schemas: [USER_SCHEMA], userName: 'no.mail@contoso.example' })
        .expect(201);
      expect(created.body.emails).toBeUndefined();
      const added = await entra()
        .patch(`/Users/${created.body.id}`, patchOp({ op: 'Add', path: 'emails[type eq "work"].value', value: 'no.mail@contoso.example' }))
        .expect(200);
      expect(added.body.emails).toEqual([{ value: 'no.mail@contoso.example', type: 'work', primary: true }]);
    });
  });

  describe('filters and paging in SQL', () => {
    it('answers co, sw, pr, and, or, and pages with startIndex and count', async () => {
      for (const n of [1, 2, 3]) {
        await okta()
          .post('/Users', { schemas: [USER_SCHEMA], userName: `pager${n}@paging.example`, name: { givenName: `P${n}`, familyName: 'Pager' } })
          .expect(201);
      }
      const q = async (filter: string, extra = '') =>
        (
          await okta()
            .get(`/Users?filter=${encodeURIComponent(filter)}${extra}`)
            .expect(200)
        ).body;
      expect((await q('userName co "@paging.example"')).totalResults).toBe(3);
      expect((await q('userName sw "pager2"')).Resources.map((u: Json) => u.userName)).toEqual(['pager2@paging.example']);
      expect((await q('userName sw "pager" and name.givenName eq "P3"')).Resources.map((u: Json) => u.userName)).toEqual(['pager3@paging.example']);
      expect((await q('userName eq "pager1@paging.example" or userName eq "pager3@paging.example"')).totalResults).toBe(2);
      expect((await q('userName co "@paging.example" and name.familyName pr')).totalResults).toBe(3);
      const page = await q('userName co "@paging.example"', '&startIndex=2&count=1');
      expect(page).toEqual(expect.objectContaining({ totalResults: 3, startIndex: 2, itemsPerPage: 1 }));
      expect(page.Resources.map((u: Json) => u.userName)).toEqual(['pager2@paging.example']);
      const countOnly = await q('userName co "@paging.example"', '&count=0');
      expect(countOnly).toEqual(expect.objectContaining({ totalResults: 3, itemsPerPage: 0, Resources: [] }));
    });
  });

  describe('Groups are rooms', () => {
    it('makes a room whose members follow the group (roster diff), patched the Entra way', async () => {
      const password = 'group-password-123';
      const member = async (n: number) => {
        const res = await okta()
          .post('/Users', { schemas: [USER_SCHEMA], userName: `member${n}@groups.example`, password })
          .expect(201);
        const session = await login(`member${n}`, password).expect(200);
        return { id: res.body.id as string, auth: { Authorization: `Bearer ${session.body.access_token}` } };
      };
      const [a, b] = [await member(1), await member(2)];
      const group = await entra()
        .post('/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Sales', externalId: 'g-1', members: [{ value: a.id }] })
        .expect(201);
      const roomId = group.body.id as string;
      expect(group.body.members.map((m: Json) => m.value)).toEqual([a.id]);
      await t.http.get(`${API}/rooms/${roomId}`).set(a.auth).expect(200);
      expect((await t.http.get(`${API}/rooms/${roomId}`).set(b.auth)).status).toBeGreaterThanOrEqual(403);

      await entra()
        .patch(
          `/Groups/${roomId}`,
          patchOp({ op: 'Add', path: 'members', value: [{ value: b.id }] }, { op: 'Remove', path: `members[value eq "${a.id}"]` }),
        )
        .expect(200);
      await t.http.get(`${API}/rooms/${roomId}`).set(b.auth).expect(200);
      expect((await t.http.get(`${API}/rooms/${roomId}`).set(a.auth)).status).toBeGreaterThanOrEqual(403);

      // Okta renames with the id in the value object.
      const renamed = await okta()
        .patch(`/Groups/${roomId}`, patchOp({ op: 'replace', value: { id: roomId, displayName: 'Sales EMEA' } }))
        .expect(200);
      expect(renamed.body.displayName).toBe('Sales EMEA');
      const listed = await entra()
        .get(`/Groups?filter=${encodeURIComponent('displayName eq "Sales EMEA"')}&excludedAttributes=members`)
        .expect(200);
      expect(listed.body.Resources).toEqual([expect.not.objectContaining({ members: expect.anything() })]);
      expect(listed.body.Resources[0].id).toBe(roomId);
      const byMember = await entra()
        .get(`/Groups?filter=${encodeURIComponent(`members.value eq "${b.id}"`)}`)
        .expect(200);
      expect(byMember.body.Resources.map((g: Json) => g.id)).toEqual([roomId]);

      await okta()
        .put(`/Groups/${roomId}`, { schemas: [GROUP_SCHEMA], displayName: 'Sales EMEA', members: [{ value: a.id }, { value: b.id }] })
        .expect(200);
      await t.http.get(`${API}/rooms/${roomId}`).set(a.auth).expect(200);
      // Entra ID also removes members by value, without a filter in the path.
      const left = await entra()
        .patch(`/Groups/${roomId}`, patchOp({ op: 'Remove', path: 'members', value: [{ value: a.id }] }))
        .expect(200);
      expect(left.body.members.map((m: Json) => m.value)).toEqual([b.id]);
      expect((await t.http.get(`${API}/rooms/${roomId}`).set(a.auth)).status).toBeGreaterThanOrEqual(403);
      await okta().delete(`/Groups/${roomId}`).expect(204);
      expectScimError(await okta().get(`/Groups/${roomId}`).expect(404), 404);
    });
  });

  describe('refusals in the SCIM error format', () => {
    it('401 without a token or with an unknown one', async () => {
      expectScimError(await client(null).get('/Users').expect(401), 401);
      expectScimError(
        await client('pk_' + 'x'.repeat(43))
          .get('/Users')
          .expect(401),
        401,
      );
    });

    it('403 for an API key without the scim scope', async () => {
      expectScimError(await client(usersOnlyKey).get('/Users').expect(403), 403);
    });

    it("404 for another organization's user, and for an unknown or malformed id", async () => {
      expectScimError(await okta().get(`/Users/${northUserId}`).expect(404), 404);
      expectScimError(
        await okta()
          .patch(`/Users/${northUserId}`, patchOp({ op: 'replace', value: { active: false } }))
          .expect(404),
        404,
      );
      expectScimError(await okta().delete(`/Users/${northUserId}`).expect(404), 404);
      expectScimError(await okta().get('/Users/not-a-uuid').expect(404), 404);
      expect(
        (
          await okta()
            .get(`/Users?filter=${encodeURIComponent(`id eq "${northUserId}"`)}`)
            .expect(200)
        ).body.totalResults,
      ).toBe(0);
    });

    it('404 for a path that is no SCIM endpoint, 400 for a body that is not JSON, both in the SCIM format', async () => {
      expectScimError(await okta().get('/Devices').expect(404), 404);
      const malformed = await t.http
        .post(`${SCIM}/Users`)
        .set('Authorization', `Bearer ${scimKey}`)
        .set('Content-Type', 'application/scim+json')
        .send('{"userName": ')
        .expect(400);
      expectScimError(malformed, 400);
    });

    it('400 invalidFilter for a filter that does not parse or names an unsupported attribute', async () => {
      expectScimError(
        await okta()
          .get(`/Users?filter=${encodeURIComponent('userName xx "a"')}`)
          .expect(400),
        400,
        'invalidFilter',
      );
      expectScimError(
        await okta()
          .get(`/Users?filter=${encodeURIComponent('title eq "a"')}`)
          .expect(400),
        400,
        'invalidFilter',
      );
    });

    it('400 for a bad PATCH', async () => {
      const user = await okta()
        .post('/Users', { schemas: [USER_SCHEMA], userName: 'patchee@example.com' })
        .expect(201);
      expectScimError(
        await okta()
          .patch(`/Users/${user.body.id}`, patchOp({ op: 'frob', path: 'userName', value: 'x' }))
          .expect(400),
        400,
        'invalidSyntax',
      );
      expectScimError(await okta().patch(`/Users/${user.body.id}`, { Operations: [] }).expect(400), 400);
      expectScimError(
        await okta()
          .patch(`/Users/${user.body.id}`, patchOp({ op: 'replace', path: 'nonexistent', value: 'x' }))
          .expect(400),
        400,
        'invalidPath',
      );
      expectScimError(
        await okta()
          .post('/Users', { schemas: [USER_SCHEMA] })
          .expect(400),
        400,
      );
    });

    it('409 uniqueness for a taken userName, whatever its case', async () => {
      await okta()
        .post('/Users', { schemas: [USER_SCHEMA], userName: 'twin@example.com' })
        .expect(201);
      expectScimError(
        await okta()
          .post('/Users', { schemas: [USER_SCHEMA], userName: 'TWIN@example.com' })
          .expect(409),
        409,
        'uniqueness',
      );
    });

    it('412 when If-Match names another version, and the write when it names this one', async () => {
      const user = await okta()
        .post('/Users', { schemas: [USER_SCHEMA], userName: 'etag@example.com' })
        .expect(201);
      const path = `/Users/${user.body.id}`;
      const stale = user.body.meta.version as string;
      const changed = await okta()
        .patch(path, patchOp({ op: 'replace', path: 'displayName', value: 'Changed' }))
        .set('If-Match', stale)
        .expect(200);
      expect(changed.body.meta.version).not.toBe(stale);
      expectScimError(
        await okta()
          .patch(path, patchOp({ op: 'replace', path: 'displayName', value: 'Lost' }))
          .set('If-Match', stale)
          .expect(412),
        412,
      );
      expectScimError(await okta().delete(path).set('If-Match', stale).expect(412), 412);
      await okta().delete(path).set('If-Match', changed.headers.etag).expect(204);
    });
  });

  describe("the organization's deactivation policy (settings.scim_deactivation)", () => {
    it('keeps the rooms by default, leaves every room with leave_rooms, refuses another value', async () => {
      const admin = await loginAdmin(t.http);
      const settings = (value: unknown) =>
        t.http
          .patch(`${API}/organizations/${DEFAULT_ORGANIZATION_ID}`)
          .set(admin)
          .send({ settings: { scim_deactivation: value } });
      expect(Object.keys((await settings('sideways').expect(400)).body)).toEqual(['settings.scim_deactivation']);
      const owner = await registerUser(t.http);
      const password = 'leaver-password-123';
      const provision = async (userName: string) => {
        const created = await okta()
          .post('/Users', { schemas: [USER_SCHEMA], userName, password })
          .expect(201);
        const id = created.body.id as string;
        const room = await createRoom(t.http, owner, { name: `Team of ${userName}`, participants: [id] });
        const group = await entra()
          .post('/Groups', { schemas: [GROUP_SCHEMA], displayName: `Group of ${userName}`, members: [{ value: id }] })
          .expect(201);
        return { id, room: room.id, group: group.body.id as string };
      };
      const memberIds = async (roomId: string) =>
        ((await t.http.get(`${API}/rooms/${roomId}/members`).set(admin).expect(200)).body.results as { user: { id: string } }[]).map(
          (m) => m.user.id,
        );
      const groupMembers = async (groupId: string) =>
        ((await okta().get(`/Groups/${groupId}`).expect(200)).body.members ?? []).map((m: Json) => m.value);
      const deactivate = (id: string) =>
        entra()
          .patch(`/Users/${id}`, patchOp({ op: 'Replace', value: { active: 'False' } }))
          .expect(200);

      // The default (keep_rooms): access ends, memberships stay.
      const keeper = await provision('keeper@policy.example');
      await deactivate(keeper.id);
      expect(await memberIds(keeper.room)).toContain(keeper.id);
      expect(await groupMembers(keeper.group)).toContain(keeper.id);

      // leave_rooms: every room, the group's too, in the deactivation's transaction; reactivation does not bring them back.
      await settings('leave_rooms').expect(200);
      try {
        const leaver = await provision('leaver@policy.example');
        await deactivate(leaver.id);
        expect(await memberIds(leaver.room)).not.toContain(leaver.id);
        expect(await memberIds(leaver.room)).toContain(owner.id);
        expect(await groupMembers(leaver.group)).not.toContain(leaver.id);
        await login('leaver', password).expect(403);
        await entra()
          .patch(`/Users/${leaver.id}`, patchOp({ op: 'replace', path: 'active', value: 'True' }))
          .expect(200);
        await login('leaver', password).expect(200);
        expect(await memberIds(leaver.room)).not.toContain(leaver.id);
      } finally {
        await settings('keep_rooms').expect(200);
      }
    });
  });
});
