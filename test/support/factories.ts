import { randomBytes } from 'node:crypto';
import { API, Http } from './test-app';

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  access: string;
  refresh: string;
  auth: { Authorization: string };
}

let counter = 0;

/** Registers a user through the API and returns its tokens. */
export async function registerUser(
  http: Http,
  fields: Partial<{ username: string; email: string; password: string; user_type: string; display_name: string; organization: string }> = {},
): Promise<TestUser> {
  counter += 1;
  const username = fields.username ?? `user${counter}_${randomBytes(3).toString('hex')}`;
  const body = {
    username,
    email: fields.email ?? `${username}@example.com`,
    password: fields.password ?? 'a-good-password',
    ...(fields.user_type ? { user_type: fields.user_type } : {}),
    ...(fields.display_name ? { display_name: fields.display_name } : {}),
    ...(fields.organization ? { organization: fields.organization } : {}),
  };
  const res = await http.post(`${API}/auth/register`).send(body);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    username: res.body.user.username,
    email: body.email,
    password: body.password,
    access: res.body.access_token,
    refresh: res.body.refresh_token,
    auth: { Authorization: `Bearer ${res.body.access_token}` },
  };
}

/** An organization made by an operator (`POST /organizations`), and its first admin signed in (docs/organizations.md). */
export async function createOrganization(
  http: Http,
  operator: { Authorization: string },
  slug: string,
  password = 'org-password-1',
): Promise<{ id: string; admin: { Authorization: string } }> {
  const created = await http
    .post(`${API}/organizations`)
    .set(operator)
    .send({ slug, name: slug, admin: { username: `${slug}-admin`, email: `admin@${slug}.example.com`, password } });
  if (created.status !== 201) throw new Error(`creating organization ${slug} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await http.post(`${API}/auth/login`).send({ login: `${slug}-admin`, password, organization: slug });
  if (login.status !== 200) throw new Error(`${slug}'s admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { id: created.body.id, admin: { Authorization: `Bearer ${login.body.access_token}` } };
}

/** The admin of an app booted with `ADMIN_ACCOUNT` among its overrides. */
export const ADMIN_ACCOUNT = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123', ADMIN_EMAIL: 'root@example.com' };

export async function loginAdmin(http: Http): Promise<{ Authorization: string }> {
  const res = await http.post(`${API}/auth/login`).send({ login: ADMIN_ACCOUNT.ADMIN_USERNAME, password: ADMIN_ACCOUNT.ADMIN_PASSWORD });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { Authorization: `Bearer ${res.body.access_token}` };
}

/** Support agents are made by a global admin, never at registration. */
export async function registerSupportAgent(http: Http): Promise<TestUser> {
  const agent = await registerUser(http);
  const res = await http
    .patch(`${API}/users/${agent.id}`)
    .set(await loginAdmin(http))
    .send({ user_type: 'support' });
  if (res.status !== 200) throw new Error(`making a support agent failed: ${res.status} ${JSON.stringify(res.body)}`);
  return agent;
}
