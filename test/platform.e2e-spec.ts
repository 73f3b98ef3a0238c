import SwaggerParser from '@apidevtools/swagger-parser';
import { registerUser } from './support/factories';
import { API, startTestApp, TestApp } from './support/test-app';

describe('Platform (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '2kb', CORS_ORIGINS: 'https://lms.example.com' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('errors in the contract format', () => {
    it('answers 404 for an unknown route', async () => {
      const res = await t.http.get(`${API}/no-such-thing`).expect(404);
      expect(res.body).toEqual({ detail: 'Not found.', code: 'not_found' });
    });

    it('answers 413 for a body over BODY_LIMIT', async () => {
      const res = await t.http
        .post(`${API}/auth/login`)
        .send({ login: 'x'.repeat(4096), password: 'y' })
        .expect(413);
      expect(res.body.code).toBe('payload_too_large');
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await t.http.post(`${API}/auth/login`).set('Content-Type', 'application/json').send('{"login": ').expect(400);
      expect(res.body.code).toBe('parse_error');
      expect(res.body.detail).toMatch(/^JSON parse error - /);
    });

    it('answers 400 for a JSON body that is not an object', async () => {
      const res = await t.http.post(`${API}/auth/login`).send([1, 2]).expect(400);
      expect(res.body).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
    });

    it('answers 415 for a body that is not JSON', async () => {
      const res = await t.http.post(`${API}/auth/login`).set('Content-Type', 'text/plain').send('login=x').expect(415);
      expect(res.body.code).toBe('unsupported_media_type');
    });
  });

  it('accepts trailing slashes', async () => {
    const user = await registerUser(t.http);
    await t.http.get(`${API}/users/me/`).set(user.auth).expect(200);
    await t.http.get(`${API}/users/`).set(user.auth).expect(200);
  });

  describe('health', () => {
    it('is live and ready without a token', async () => {
      await t.http.get('/health/live').expect(200);
      const ready = await t.http.get('/health/ready').expect(200);
      expect(ready.body.details.database.status).toBe('up');
    });
  });

  describe('HTTP hygiene', () => {
    it('echoes a given X-Request-ID and makes one otherwise', async () => {
      const given = await t.http.get('/health/live').set('X-Request-ID', 'frontend-trace-42').expect(200);
      expect(given.headers['x-request-id']).toBe('frontend-trace-42');
      const made = await t.http.get('/health/live').expect(200);
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sends security headers', async () => {
      const res = await t.http.get('/health/live').expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    });

    it('allows only the configured CORS origins', async () => {
      const allowed = await t.http
        .options(`${API}/users`)
        .set('Origin', 'https://lms.example.com')
        .set('Access-Control-Request-Method', 'GET')
        .expect(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://lms.example.com');
      const refused = await t.http.options(`${API}/users`).set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'GET');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('answers 401 not_authenticated on every protected route of the OpenAPI document', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body;
    const open = new Set([
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      // The sign-in handoff: the one-time code is the credential (docs/sign-in.md).
      'POST /api/v1/auth/handoff',
      'GET /health/live',
      'GET /health/ready',
      // One-click unsubscribe (RFC 8058): the signed link is the credential.
      'GET /api/v1/notifications/unsubscribe',
      'POST /api/v1/notifications/unsubscribe',
      // An organization's LTI public keys: what LMSs verify Parley's signatures with (docs/lti.md).
      'GET /api/v1/lti/{organizationId}/jwks',
    ]);
    let checked = 0;
    let total = 0;
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) {
        total += 1;
        if (open.has(`${method.toUpperCase()} ${path}`)) continue;
        const url = path.replace(/\{[^}]+\}/g, '0190a0b0-0000-7000-8000-000000000000');
        const res = await (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method](url).send({});
        // SCIM routes refuse in RFC 7644's error format (docs/scim.md): the status is in the body, as a string.
        const scim = path.startsWith('/scim/');
        const refusal = scim ? { scim: res.body.status } : res.body.code;
        expect([method, path, res.status, refusal]).toEqual([method, path, 401, scim ? { scim: '401' } : 'not_authenticated']);
        checked += 1;
      }
    }
    expect(checked).toBe(total - open.size);
    expect(checked).toBeGreaterThan(30);
  });

  describe('Swagger', () => {
    it('serves the UI at /docs', async () => {
      const res = await t.http.get('/docs').redirects(1).expect(200);
      expect(res.text).toContain('swagger-ui');
    });

    it('serves a valid OpenAPI document with every route, bearer auth and the error shapes', async () => {
      const res = await t.http.get('/docs-json').expect(200);
      const document = res.body;
      await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
      const documented = new Set(
        Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
          Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
        ),
      );
      const routes = [
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/auth/logout',
        'POST /api/v1/auth/handoff',
        'POST /api/v1/auth/oidc/logout',
        'GET /api/v1/organizations/{id}/sign-in/oidc',
        'PUT /api/v1/organizations/{id}/sign-in/oidc',
        'DELETE /api/v1/organizations/{id}/sign-in/oidc',
        'GET /api/v1/organizations/{id}/sign-in/saml',
        'PUT /api/v1/organizations/{id}/sign-in/saml',
        'DELETE /api/v1/organizations/{id}/sign-in/saml',
        'GET /api/v1/users',
        'GET /api/v1/users/me',
        'PATCH /api/v1/users/me',
        'POST /api/v1/users/me/password',
        'GET /api/v1/users/{id}',
        'DELETE /api/v1/users/{id}',
        'GET /api/v1/users/me/unread',
        'GET /api/v1/rooms',
        'GET /api/v1/rooms/public',
        'POST /api/v1/rooms',
        'POST /api/v1/rooms/direct',
        'POST /api/v1/rooms/initiate',
        'GET /api/v1/rooms/{id}',
        'PATCH /api/v1/rooms/{id}',
        'PUT /api/v1/rooms/{id}',
        'DELETE /api/v1/rooms/{id}',
        'POST /api/v1/rooms/{id}/deactivate',
        'POST /api/v1/rooms/{id}/activate',
        'GET /api/v1/rooms/{id}/members',
        'POST /api/v1/rooms/{id}/members',
        'PATCH /api/v1/rooms/{id}/members/me',
        'PATCH /api/v1/rooms/{id}/members/{userId}',
        'DELETE /api/v1/rooms/{id}/members/{userId}',
        'POST /api/v1/rooms/{id}/join',
        'POST /api/v1/rooms/{id}/leave',
        'GET /api/v1/rooms/{id}/online',
        'POST /api/v1/rooms/{id}/invitations',
        'GET /api/v1/invitations',
        'POST /api/v1/invitations/{id}/accept',
        'POST /api/v1/invitations/{id}/decline',
        'GET /api/v1/rooms/{id}/invitations',
        'DELETE /api/v1/rooms/{id}/invitations/{invitationId}',
        'GET /api/v1/rooms/{id}/bans',
        'DELETE /api/v1/rooms/{id}/bans/{userId}',
        'PATCH /api/v1/users/{id}',
        'GET /api/v1/rooms/{id}/open',
        'GET /api/v1/rooms/{id}/messages',
        'POST /api/v1/rooms/{id}/messages',
        'GET /api/v1/rooms/{id}/messages/search',
        'GET /api/v1/rooms/{id}/messages/{messageId}',
        'PATCH /api/v1/rooms/{id}/messages/{messageId}',
        'DELETE /api/v1/rooms/{id}/messages/{messageId}',
        'GET /api/v1/rooms/{id}/messages/{messageId}/receipts',
        'GET /api/v1/rooms/{id}/messages/{messageId}/revisions',
        'GET /api/v1/rooms/{id}/held-messages',
        'POST /api/v1/rooms/{id}/held-messages/{messageId}/approve',
        'POST /api/v1/rooms/{id}/held-messages/{messageId}/reject',
        'POST /api/v1/rooms/{id}/read',
        'PUT /api/v1/rooms/{id}/messages/{messageId}/reactions/{emoji}',
        'DELETE /api/v1/rooms/{id}/messages/{messageId}/reactions/{emoji}',
        'GET /api/v1/rooms/{id}/messages/{messageId}/reactions/{emoji}',
        'GET /api/v1/rooms/{id}/messages/{messageId}/thread',
        'GET /api/v1/users/me/mentions',
        'GET /api/v1/rooms/{id}/pins',
        'PUT /api/v1/rooms/{id}/pins/{messageId}',
        'DELETE /api/v1/rooms/{id}/pins/{messageId}',
        'GET /api/v1/messages/search',
        'GET /health/live',
        'GET /health/ready',
        'POST /api/v1/rooms/{id}/archive',
        'POST /api/v1/rooms/{id}/unarchive',
        'GET /api/v1/users/me/blocks',
        'PUT /api/v1/users/me/blocks/{userId}',
        'DELETE /api/v1/users/me/blocks/{userId}',
        'POST /api/v1/rooms/{id}/messages/{messageId}/report',
        'POST /api/v1/users/{id}/report',
        'GET /api/v1/moderation/reports',
        'GET /api/v1/moderation/reports/{id}',
        'POST /api/v1/moderation/reports/{id}/resolve',
        'GET /api/v1/rooms/{id}/audit',
        'GET /api/v1/admin/audit',
        'GET /api/v1/users/me/export',
        'GET /api/v1/admin/users/{id}/export',
        'GET /api/v1/admin/users/{id}/suspension',
        'POST /api/v1/admin/users/{id}/suspension',
        'DELETE /api/v1/admin/users/{id}/suspension',
        'GET /api/v1/admin/content-rules',
        'POST /api/v1/admin/content-rules',
        'PATCH /api/v1/admin/content-rules/{ruleId}',
        'DELETE /api/v1/admin/content-rules/{ruleId}',
        'GET /api/v1/rooms/{id}/content-rules',
        'POST /api/v1/rooms/{id}/content-rules',
        'PATCH /api/v1/rooms/{id}/content-rules/{ruleId}',
        'DELETE /api/v1/rooms/{id}/content-rules/{ruleId}',
        'POST /api/v1/admin/legal-holds',
        'GET /api/v1/admin/legal-holds',
        'GET /api/v1/admin/legal-holds/{id}',
        'POST /api/v1/admin/legal-holds/{id}/release',
        'POST /api/v1/admin/compliance-exports',
        'GET /api/v1/admin/compliance-exports',
        'GET /api/v1/admin/compliance-exports/{id}',
        'GET /api/v1/admin/compliance-exports/{id}/download',
        'POST /api/v1/uploads',
        'GET /api/v1/uploads/limits',
        'GET /api/v1/uploads/{id}',
        'GET /api/v1/uploads/{id}/content',
        'GET /api/v1/uploads/{id}/thumbnail',
        'POST /api/v1/organizations',
        'GET /api/v1/organizations',
        'GET /api/v1/organizations/{id}',
        'PATCH /api/v1/organizations/{id}',
        'POST /api/v1/admin/api-keys',
        'GET /api/v1/admin/api-keys',
        'DELETE /api/v1/admin/api-keys/{id}',
        'PUT /api/v1/platform/users/{external_id}',
        'POST /api/v1/platform/users/{external_id}/tokens',
        'PUT /api/v1/platform/rooms/{external_id}',
        'PUT /api/v1/platform/rooms/{external_id}/members',
        'POST /api/v1/platform/rooms/{external_id}/messages',
        'POST /api/v1/admin/webhooks',
        'GET /api/v1/admin/webhooks',
        'GET /api/v1/admin/webhooks/{id}',
        'PATCH /api/v1/admin/webhooks/{id}',
        'DELETE /api/v1/admin/webhooks/{id}',
        'POST /api/v1/admin/webhooks/{id}/rotate-secret',
        'POST /api/v1/admin/webhooks/{id}/test',
        'GET /api/v1/admin/webhooks/{id}/deliveries',
        'POST /api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver',
        'POST /api/v1/admin/webhooks/{id}/replay',
        'GET /api/v1/users/me/devices',
        'PUT /api/v1/users/me/devices/{id}',
        'DELETE /api/v1/users/me/devices/{id}',
        'GET /api/v1/users/me/notification-settings',
        'PATCH /api/v1/users/me/notification-settings',
        'GET /api/v1/users/me/rooms/{roomId}/notifications',
        'PUT /api/v1/users/me/rooms/{roomId}/notifications',
        'DELETE /api/v1/users/me/rooms/{roomId}/notifications',
        'GET /api/v1/notifications/web-push-key',
        'GET /api/v1/admin/notifications/dead',
        'POST /api/v1/admin/notifications/dead/{id}/requeue',
        'GET /api/v1/notifications/unsubscribe',
        'POST /api/v1/notifications/unsubscribe',
        // SCIM 2.0 (docs/scim.md): outside /api/v1, where provisioning clients expect it.
        'GET /scim/v2/Users',
        'POST /scim/v2/Users',
        'GET /scim/v2/Users/{id}',
        'PUT /scim/v2/Users/{id}',
        'PATCH /scim/v2/Users/{id}',
        'DELETE /scim/v2/Users/{id}',
        'GET /scim/v2/Groups',
        'POST /scim/v2/Groups',
        'GET /scim/v2/Groups/{id}',
        'PUT /scim/v2/Groups/{id}',
        'PATCH /scim/v2/Groups/{id}',
        'DELETE /scim/v2/Groups/{id}',
        'GET /scim/v2/ServiceProviderConfig',
        'GET /scim/v2/ResourceTypes',
        'GET /scim/v2/Schemas',
        'GET /api/v1/admin/lti/tool',
        'POST /api/v1/admin/lti/platforms',
        'GET /api/v1/admin/lti/platforms',
        'GET /api/v1/admin/lti/platforms/{id}',
        'PATCH /api/v1/admin/lti/platforms/{id}',
        'DELETE /api/v1/admin/lti/platforms/{id}',
        'POST /api/v1/admin/lti/keys/rotate',
        'POST /api/v1/admin/lti/dynamic-registrations',
        'GET /api/v1/lti/{organizationId}/jwks',
      ];
      expect([...documented].sort()).toEqual(expect.arrayContaining(routes));
      expect(documented.size).toBe(routes.length);
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const upload = document.paths['/api/v1/uploads'].post;
      expect(upload.requestBody.content['multipart/form-data'].schema).toMatchObject({
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary' } },
      });
      expect(upload.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/UploadResponse');
      expect(document.components.schemas.MessageResponse.properties.attachments).toMatchObject({
        type: 'array',
        items: { $ref: '#/components/schemas/UploadResponse' },
      });
      expect(Object.keys(document.components.schemas.UploadResponse.properties).sort()).toEqual([
        'content_type',
        'created_at',
        'height',
        'id',
        'name',
        'size',
        'thumbnail_url',
        'url',
        'width',
      ]);
      const register = document.paths['/api/v1/auth/register'].post;
      expect(register.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/RegisterDto');
      expect(register.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/AuthResponse');
      expect(register.responses['409']).toBeDefined();
      expect(document.components.schemas.RegisterDto.required).toEqual(['username', 'email', 'password']);
      expect(document.components.schemas.UserResponse.properties.email).toBeDefined();
      const send = document.paths['/api/v1/rooms/{id}/messages'].post;
      expect(send.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SendMessageDto');
      expect(Object.keys(send.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '422', '429', '500']);
      expect(document.components.schemas.RoomResponse.properties.last_message).toBeDefined();
      // Response classes are complete (the plugin reads *.response.ts): plain fields are documented too.
      const message = document.components.schemas.MessageResponse;
      expect(Object.keys(message.properties)).toEqual(
        expect.arrayContaining(['id', 'seq', 'content', 'reactions', 'mentions', 'thread_root_id', 'reply_count', 'pinned_at', 'pinned_by']),
      );
      expect(Object.keys(document.components.schemas.ReactionSummary.properties).sort()).toEqual(['count', 'emoji', 'me']);
      expect(document.components.schemas.ThreadPageResponse.properties.root).toBeDefined();
    });
  });
});
