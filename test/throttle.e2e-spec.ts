import { API, startTestApp, TestApp } from './support/test-app';

describe('Auth rate limits (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ THROTTLE_AUTH_LOGIN_LIMIT: '3', THROTTLE_AUTH_IP_LIMIT: '8', THROTTLE_AUTH_TTL: '60s' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('limits login attempts per login name with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i += 1) {
      await t.http.post(`${API}/auth/login`).send({ login: 'victim', password: 'guess-guess' }).expect(401);
    }
    const res = await t.http.post(`${API}/auth/login`).send({ login: 'VICTIM', password: 'guess-guess' }).expect(429);
    expect(res.body.code).toBe('throttled');
    expect(res.body.detail).toMatch(/^Request was throttled\. Expected available in \d+ seconds\.$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('limits auth requests per client IP whatever the name', async () => {
    // 4 attempts were spent above; 4 more names reach the IP limit of 8.
    for (let i = 0; i < 4; i += 1) {
      await t.http
        .post(`${API}/auth/login`)
        .send({ login: `name${i}`, password: 'guess-guess' })
        .expect(401);
    }
    const res = await t.http.post(`${API}/auth/register`).send({ username: 'late', email: 'l@example.com', password: 'long-enough' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });
});
