import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Browser sign-in: the handoff exchange (the identity providers' routes answer redirects, driven by test/sign-in-*.e2e-spec.ts). */
export async function signInFlow({ api, ok, register }: Flow, issue: (userId: string) => Promise<string>): Promise<void> {
  const alice = await register('handoff');
  const code = await issue(alice.id);
  await ok(api.post(`${API}/auth/handoff`).send({ code }), 200);
  await ok(api.post(`${API}/auth/handoff`).send({ code }), 401);
  await ok(api.post(`${API}/auth/handoff`).send({}), 400);
}
