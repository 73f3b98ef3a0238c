/**
 * REST calls as a user of a browser spec, outside the browser (set-up and checks of what
 * the server holds). One login per user, kept for the file: a login per call would spend
 * the auth rate limit and add a session per call.
 */
// Answers are read loosely in specs (`room.id`, `page.results[0]`): their shapes are checked by the API's own suites.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export class SpecApi {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly password: string,
  ) {}

  async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const login = await fetch(`${this.baseUrl()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: username, password: this.password }),
    });
    if (!login.ok) throw new Error(`login of ${username}: ${login.status} ${await login.text()}`);
    const { access_token } = (await login.json()) as { access_token: string };
    this.tokens.set(username, access_token);
    return access_token;
  }

  /** The answer's status and JSON body (null when empty). */
  async call(username: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${this.baseUrl()}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await this.token(username)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** A call that must succeed: its body. */
  async ok(username: string, method: string, path: string, body?: unknown): Promise<Json> {
    const { status, body: answer } = await this.call(username, method, path, body);
    if (status >= 300) throw new Error(`${method} ${path} as ${username}: ${status} ${JSON.stringify(answer)}`);
    return answer;
  }

  async register(username: string): Promise<{ id: string }> {
    const res = await fetch(`${this.baseUrl()}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, email: `${username}@example.com`, password: this.password }),
    });
    if (res.status !== 201) throw new Error(`register ${username}: ${res.status} ${await res.text()}`);
    const { user, access_token } = (await res.json()) as { user: { id: string }; access_token: string };
    this.tokens.set(username, access_token);
    return user;
  }

  async userId(asUser: string, username: string): Promise<string> {
    const page = await this.ok(asUser, 'GET', `/users?search=${encodeURIComponent(username)}&page_size=20`);
    const user = (page.results as { id: string; username: string }[]).find((u) => u.username === username);
    if (!user) throw new Error(`no user ${username}`);
    return user.id;
  }
}

export { axeViolations } from './browser';
