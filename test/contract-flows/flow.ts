import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import type { OpenApiContract } from '../support/openapi-contract';
import { API } from '../support/test-app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are JSON read freely
export type Json = Record<string, any>;

export interface RegisteredUser {
  id: string;
  token: string;
  refresh: string;
  username: string;
}

/**
 * What a contract flow drives the app with: `api` validates every answer
 * against the OpenAPI document (see test/openapi-contract.e2e-spec.ts). A new
 * feature's routes get a flow file here and one `it` line in that spec.
 */
export interface Flow {
  api: ReturnType<OpenApiContract['client']>;
  /** Awaits the answer, expects `status`, returns the body. */
  ok(test: Test, status: number): Promise<Json>;
  auth(token: string): { Authorization: string };
  register(name: string): Promise<RegisteredUser>;
  /** The global admin the app was booted with. */
  admin: { username: string; password: string };
}

export function makeFlow(api: Flow['api'], admin: Flow['admin']): Flow {
  const ok = async (test: Test, status: number): Promise<Json> => (await test.expect(status)).body;
  return {
    api,
    ok,
    admin,
    auth: (token) => ({ Authorization: `Bearer ${token}` }),
    async register(name) {
      const username = `${name}_${randomUUID().slice(0, 6)}`;
      const body = await ok(api.post(`${API}/auth/register`).send({ username, email: `${username}@example.com`, password: 'a-good-password' }), 201);
      return { id: body.user.id, token: body.access_token, refresh: body.refresh_token, username };
    },
  };
}
