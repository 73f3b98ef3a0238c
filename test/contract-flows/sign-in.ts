import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ORGANIZATION_ID } from '../../src/core/database/organization-scope';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/**
 * Browser sign-in: the handoff exchange, an organization's identity providers and OIDC logout. The
 * protocol routes (login, callback, ACS, metadata, back-channel logout) answer redirects, XML and
 * forms outside the OpenAPI document; test/sign-in-oidc.e2e-spec.ts and test/sign-in-saml.e2e-spec.ts drive them.
 */
export async function signInFlow({ api, ok, auth, register, admin }: Flow, issue: (userId: string) => Promise<string>): Promise<void> {
  const alice = await register('handoff');
  const code = await issue(alice.id);
  await ok(api.post(`${API}/auth/handoff`).send({ code }), 200);
  await ok(api.post(`${API}/auth/handoff`).send({ code }), 401);
  await ok(api.post(`${API}/auth/handoff`).send({}), 400);

  const root = auth((await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200)).access_token);
  const base = `${API}/organizations/${DEFAULT_ORGANIZATION_ID}/sign-in`;
  await ok(api.get(`${base}/oidc`).set(root), 404);
  await ok(api.get(`${base}/oidc`), 401);
  await ok(api.get(`${API}/organizations/not-a-uuid/sign-in/oidc`).set(root), 400);
  const oidc = { issuer: 'https://idp.example.com', client_id: 'parley', client_secret: 'a-secret' };
  await ok(api.put(`${base}/oidc`).set(root).send(oidc), 200);
  await ok(api.put(`${base}/oidc`).set(root).send({ issuer: 'not a url' }), 400);
  await ok(api.put(`${base}/oidc`).set(auth(alice.token)).send(oidc), 403);
  await ok(api.put(`${base}/oidc`).send(oidc), 401);
  await ok(api.get(`${base}/oidc`).set(root), 200);
  await ok(api.get(`${base}/oidc`).set(auth(alice.token)), 403);
  await ok(api.delete(`${base}/oidc`).set(root), 204);
  await ok(api.delete(`${base}/oidc`).set(root), 404);
  await ok(api.delete(`${base}/oidc`), 401);
  await ok(api.delete(`${base}/oidc`).set(auth(alice.token)), 403);
  await ok(api.delete(`${API}/organizations/not-a-uuid/sign-in/oidc`).set(root), 400);

  const certificate = readFileSync(join(process.cwd(), 'test', 'support', 'saml-keys', 'idp.crt'), 'utf8');
  const saml = { idp_entity_id: 'https://idp.example.com/saml', sso_url: 'https://idp.example.com/sso', idp_certificates: [certificate] };
  await ok(api.get(`${base}/saml`).set(root), 404);
  await ok(api.get(`${base}/saml`), 401);
  await ok(api.get(`${API}/organizations/not-a-uuid/sign-in/saml`).set(root), 400);
  await ok(api.put(`${base}/saml`).set(root).send(saml), 200);
  await ok(api.put(`${base}/saml`).set(root).send({ sso_url: 'x' }), 400);
  await ok(api.put(`${base}/saml`).set(auth(alice.token)).send(saml), 403);
  await ok(api.put(`${base}/saml`).send(saml), 401);
  await ok(api.get(`${base}/saml`).set(root), 200);
  await ok(api.get(`${base}/saml`).set(auth(alice.token)), 403);
  await ok(api.delete(`${base}/saml`).set(root), 204);
  await ok(api.delete(`${base}/saml`).set(root), 404);
  await ok(api.delete(`${base}/saml`), 401);
  await ok(api.delete(`${base}/saml`).set(auth(alice.token)), 403);
  await ok(api.delete(`${API}/organizations/not-a-uuid/sign-in/saml`).set(root), 400);

  await ok(api.post(`${API}/auth/oidc/logout`), 401);
  await ok(api.post(`${API}/auth/oidc/logout`).set(auth(alice.token)), 200);
}
