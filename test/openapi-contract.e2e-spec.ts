import { randomUUID } from 'node:crypto';
import { bansInvitationsUserTypes } from './contract-flows/abuse';
import { authAndUsers } from './contract-flows/auth-users';
import { complianceFlow } from './contract-flows/compliance';
import { contentPolicyFlow } from './contract-flows/content-policy';
import { legalHoldsFlow } from './contract-flows/legal-holds';
import { complianceExportsFlow } from './contract-flows/compliance-exports';
import { ComplianceExportWorker } from '../src/operations/compliance-export/compliance-export.worker';
import { organizationsFlow } from './contract-flows/organizations';
import { scimFlow } from './contract-flows/scim';
import { signInFlow } from './contract-flows/sign-in';
import { ltiFlow } from './contract-flows/lti';
import { SignInHandoff } from '../src/identity/sign-in/sign-in-handoff.service';
import { DEFAULT_ORGANIZATION_ID } from '../src/core/database/organization-scope';
import { Flow, Json, makeFlow } from './contract-flows/flow';
import { messagesAndHistory } from './contract-flows/messages';
import { messageFeatures } from './contract-flows/message-features';
import { moderationBlocksAudit } from './contract-flows/moderation';
import { notificationsFlow } from './contract-flows/notifications';
import { roomsMembersInvitations } from './contract-flows/rooms';
import { uploadsAndAttachments } from './contract-flows/uploads';
import { emptySchemas, OpenApiContract, queryParametersOfHandlers } from './support/openapi-contract';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * The served OpenAPI document (/docs-json) is the contract: it says something
 * about every schema and parameter, and every route's real answers match it.
 * Every request below goes through the contract's client, which validates the
 * answer against the schema documented for its route and status. The last
 * test fails for a documented route that no flow exercised, so a route added
 * later is checked as soon as it is in the document: drive it from a flow in
 * test/contract-flows/ (one file per feature) or list it in SKIPPED with why.
 */
describe('OpenAPI contract (e2e)', () => {
  let t: TestApp;
  let doc: Json;
  let contract: OpenApiContract;
  let flow: Flow;

  /** Operations not driven here, with the reason. Keep it short. */
  // Driven by their own suites until they get a contract flow: API-key auth and webhook receivers are outside these flows.
  const PLATFORM = 'test/integrations-api.e2e-spec.ts (API-key routes)';
  const WEBHOOKS = 'test/webhooks.e2e-spec.ts (needs a webhook receiver)';
  const SKIPPED: Record<string, string> = {
    'POST /api/v1/admin/api-keys': PLATFORM,
    'GET /api/v1/admin/api-keys': PLATFORM,
    'DELETE /api/v1/admin/api-keys/{id}': PLATFORM,
    'PUT /api/v1/platform/users/{external_id}': PLATFORM,
    'POST /api/v1/platform/users/{external_id}/tokens': PLATFORM,
    'PUT /api/v1/platform/rooms/{external_id}': PLATFORM,
    'PUT /api/v1/platform/rooms/{external_id}/members': PLATFORM,
    'POST /api/v1/platform/rooms/{external_id}/messages': PLATFORM,
    'POST /api/v1/admin/webhooks': WEBHOOKS,
    'GET /api/v1/admin/webhooks': WEBHOOKS,
    'GET /api/v1/admin/webhooks/{id}': WEBHOOKS,
    'PATCH /api/v1/admin/webhooks/{id}': WEBHOOKS,
    'DELETE /api/v1/admin/webhooks/{id}': WEBHOOKS,
    'POST /api/v1/admin/webhooks/{id}/rotate-secret': WEBHOOKS,
    'POST /api/v1/admin/webhooks/{id}/test': WEBHOOKS,
    'GET /api/v1/admin/webhooks/{id}/deliveries': WEBHOOKS,
    'POST /api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver': WEBHOOKS,
    'POST /api/v1/admin/webhooks/{id}/replay': WEBHOOKS,
  };

  const admin = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-the-contract', ADMIN_EMAIL: 'root@example.com' };

  beforeAll(async () => {
    t = await startTestApp(admin);
    doc = (await t.http.get('/docs-json').expect(200)).body;
    contract = new OpenApiContract(doc);
    flow = makeFlow(contract.client(t.baseUrl), { username: admin.ADMIN_USERNAME, password: admin.ADMIN_PASSWORD });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the document', () => {
    it('has no schema that says nothing (no `{}` and no object without properties)', () => {
      expect(emptySchemas(doc)).toEqual([]);
    });

    it('lists every query parameter each handler reads', () => {
      const handlers = queryParametersOfHandlers(t.app);
      expect(handlers.size).toBeGreaterThan(0);
      const operations = new Map<string, Json>();
      for (const item of Object.values<Json>(doc.paths)) for (const op of Object.values<Json>(item)) operations.set(op.operationId, op);
      for (const [operationId, names] of handlers) {
        const documented = (operations.get(operationId)?.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
        expect({ operationId, missing: names.filter((name) => !documented.includes(name)) }).toEqual({ operationId, missing: [] });
      }
    });

    it('documents the filters of the room and user lists', () => {
      const query = (path: string) =>
        doc.paths[path].get.parameters
          .filter((p: Json) => p.in === 'query')
          .map((p: Json) => p.name)
          .sort();
      expect(query(`${API}/rooms`)).toEqual(expect.arrayContaining(['is_active', 'ordering', 'page', 'page_size', 'room_type', 'search']));
      expect(query(`${API}/users`)).toEqual(['page', 'page_size', 'search']);
    });

    // A success documented without a body must really send none: the client's check fails otherwise.
    it('documents a success answer for every operation, a body schema for every 200, and 401 behind a token', () => {
      for (const key of contract.operationKeys) {
        const [method, path] = key.split(' ');
        const op = doc.paths[path][method.toLowerCase()];
        const success = Object.keys(op.responses).filter((status) => /^2/.test(status));
        expect({ key, success: success.length > 0 }).toEqual({ key, success: true });
        if ('200' in op.responses) {
          // JSON, or a file download documented under its own media type (uploads' content and thumbnail).
          const schema = Object.values<Json>(op.responses['200'].content ?? {}).some((media) => Boolean(media.schema));
          expect({ key, schema }).toEqual({ key, schema: true });
        }
        if (op.security?.length) expect({ key, has401: '401' in op.responses }).toEqual({ key, has401: true });
      }
    });

    it('is an oracle that refuses a missing field, an undocumented field, an undocumented status and a wrong type', () => {
      const me = `${API}/users/me`;
      const user = {
        id: randomUUID(),
        username: 'amy',
        display_name: 'Amy',
        first_name: '',
        last_name: '',
        email: 'a@example.com',
        user_type: 'consumer',
        role: 'user',
        online: false,
        last_seen_at: null,
        created_at: new Date().toISOString(),
      };
      const required = (doc.components.schemas.UserResponse.required ?? []) as string[];
      const valid = Object.fromEntries(Object.entries(user).filter(([key]) => key in doc.components.schemas.UserResponse.properties));
      expect(() => contract.check('get', me, 200, valid)).not.toThrow();
      const { [required[0]]: _dropped, ...missing } = valid;
      expect(() => contract.check('get', me, 200, missing)).toThrow(/documented schema/);
      expect(() => contract.check('get', me, 200, { ...valid, password_hash: 'x' })).toThrow(/additional properties/);
      expect(() => contract.check('get', me, 200, { ...valid, username: 7 })).toThrow(/must be string/);
      expect(() => contract.check('get', me, 418, {})).toThrow(/not documented/);
      expect(() => contract.check('get', `${API}/nowhere`, 200, {})).toThrow(/not in the OpenAPI document/);
      contract.seen.clear(); // these were not real answers
    });

    it('names the pieces of the core schemas', () => {
      const props = (name: string) => Object.keys(doc.components.schemas[name].properties ?? {});
      expect(props('RoomResponse')).toEqual(
        expect.arrayContaining(['id', 'participant_count', 'message_count', 'unread_count', 'last_message', 'my_role']),
      );
      expect(props('MessageResponse')).toEqual(expect.arrayContaining(['id', 'seq', 'content', 'room_id', 'sender']));
      expect(props('ErrorResponse')).toEqual(['detail', 'code']);
      expect(props('RoomPageResponse')).toEqual(expect.arrayContaining(['count', 'next', 'previous', 'results']));
    });
  });

  describe('real answers match the document', () => {
    it('auth and users', () => authAndUsers(flow));
    it('rooms, members and invitations', () => roomsMembersInvitations(flow));
    it('messages, history pages, search, receipts and read positions', () => messagesAndHistory(flow));
    it('moderation, blocks, audit logs and data export', () => moderationBlocksAudit(flow));
    it('bans, room invitations and support agents', () => bansInvitationsUserTypes(flow));
    it('reactions, threads, mentions, pins and search', () => messageFeatures(flow));
    it('uploads, downloads and attachments', () => uploadsAndAttachments(flow));
    it('notification devices, preferences, dead letters and unsubscribe', () => notificationsFlow(flow));
    it('edit history and suspension', () => complianceFlow(flow));
    it('content rules and a blocked send', () => contentPolicyFlow(flow));
    it('legal holds', () => legalHoldsFlow(flow));
    it('compliance exports', () => complianceExportsFlow(flow, () => t.app.get(ComplianceExportWorker).settle()));
    it('organizations', () => organizationsFlow(flow));
    it('SCIM provisioning (users, groups, discovery)', () => scimFlow(flow));
    it('browser sign-in: handoff, identity providers, OIDC logout', () =>
      signInFlow(flow, (id) => t.app.get(SignInHandoff).issue({ id, organizationId: DEFAULT_ORGANIZATION_ID })));
    it('LTI 1.3', () => ltiFlow(flow));

    it('health', async () => {
      await flow.ok(flow.api.get('/health/live'), 200);
      await flow.ok(flow.api.get('/health/ready'), 200);
    });

    it('exercised every documented operation (or lists it as skipped, with a reason)', () => {
      const missed = contract.operationKeys.filter((key) => !contract.seen.has(key) && !(key in SKIPPED));
      expect(missed).toEqual([]);
      const stale = Object.keys(SKIPPED).filter((key) => !contract.operationKeys.includes(key));
      expect(stale).toEqual([]);
    });
  });
});
