import { API } from '../support/test-app';
import type { Flow } from './flow';

/**
 * LTI 1.3 (docs/lti.md): an admin registers a platform and reads the tool's URLs, and the key set the
 * LMS reads. The LMS's and the browser's routes (login, launch, deep linking, dynamic registration) are
 * not in the document: test/lti.e2e-spec.ts drives them against a stand-in LMS.
 */
export async function ltiFlow({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const operator = auth(root.access_token);
  const user = auth((await register('ltiuser')).token);
  // A public address literal: registration checks the platform's URLs reach one.
  const lms = 'https://93.184.215.14';
  const body = {
    name: 'Canvas',
    issuer: 'https://canvas.instructure.com',
    client_id: '10000000000001',
    deployment_ids: ['1:abc'],
    authorization_endpoint: `${lms}/api/lti/authorize_redirect`,
    jwks_url: `${lms}/api/lti/security/jwks`,
    token_endpoint: `${lms}/login/oauth2/token`,
  };
  const tool = await ok(api.get(`${API}/admin/lti/tool`).set(operator), 200);
  await ok(api.get(`${API}/admin/lti/tool`).set(user), 403);
  await ok(api.post(`${API}/admin/lti/platforms`).set(user).send(body), 403);
  await ok(
    api
      .post(`${API}/admin/lti/platforms`)
      .set(operator)
      .send({ ...body, jwks_url: 'nope' }),
    400,
  );
  // Parley fetches these URLs: a loopback or private address is refused (LTI_ALLOW_PRIVATE is off here).
  const inside = await ok(
    api
      .post(`${API}/admin/lti/platforms`)
      .set(operator)
      .send({ ...body, jwks_url: 'http://127.0.0.1:9/jwks' }),
    400,
  );
  if (!('jwks_url' in inside)) throw new Error(`expected a jwks_url refusal, got ${JSON.stringify(inside)}`);
  const platform = await ok(api.post(`${API}/admin/lti/platforms`).set(operator).send(body), 201);
  await ok(api.post(`${API}/admin/lti/platforms`).set(operator).send(body), 409);
  await ok(api.get(`${API}/admin/lti/platforms`).set(operator), 200);
  await ok(api.get(`${API}/admin/lti/platforms/${platform.id}`).set(operator), 200);
  await ok(api.get(`${API}/admin/lti/platforms/not-a-uuid`).set(operator), 400);
  await ok(
    api
      .patch(`${API}/admin/lti/platforms/${platform.id}`)
      .set(operator)
      .send({ deployment_ids: ['1:abc', '2:def'] }),
    200,
  );
  await ok(api.patch(`${API}/admin/lti/platforms/${platform.id}`).set(operator).send({ jwks_url: 7 }), 400);
  await ok(api.post(`${API}/admin/lti/keys/rotate`).set(operator), 200);
  await ok(api.post(`${API}/admin/lti/keys/rotate`).set(user), 403);
  await ok(api.post(`${API}/admin/lti/dynamic-registrations`).set(operator), 201);
  await ok(api.post(`${API}/admin/lti/dynamic-registrations`).set(user), 403);

  const base = new URL(tool.login_url).pathname.replace(/\/login$/, '');
  await ok(api.get(`${base}/jwks`), 200);
  await ok(api.get(`${API}/lti/00000000-0000-4000-8000-00000000beef/jwks`), 404);
  await ok(api.delete(`${API}/admin/lti/platforms/${platform.id}`).set(operator), 204);
  await ok(api.delete(`${API}/admin/lti/platforms/${platform.id}`).set(operator), 404);
}
