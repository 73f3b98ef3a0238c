import request from 'supertest';
import { createApp } from '../src/app.factory';
import { registerUser } from './support/factories';
import { API, startTestApp, TestApp } from './support/test-app';

describe('Admin bootstrap (e2e)', () => {
  let t: TestApp;
  const admin = { ADMIN_USERNAME: 'Root', ADMIN_PASSWORD: 'first-admin-password', ADMIN_EMAIL: 'root@example.com' };

  beforeAll(async () => {
    t = await startTestApp(admin);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates the configured admin at boot', async () => {
    const res = await t.http.post(`${API}/auth/login`).send({ login: 'root', password: admin.ADMIN_PASSWORD }).expect(200);
    expect(res.body.user).toMatchObject({ username: 'root', email: 'root@example.com', role: 'admin' });
    const someone = await registerUser(t.http);
    const seen = await t.http.get(`${API}/users/${someone.id}`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    expect(seen.body.email).toBe(someone.email);
  });

  it('updates that user on the next boot: new password, admin role restored', async () => {
    const { databaseUrl } = t;
    await t.app.close();
    const again = await createApp({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
      ...admin,
      ADMIN_PASSWORD: 'second-admin-password',
    });
    await again.listen(0, '127.0.0.1');
    t.app = again;
    const http = request((await again.getUrl()).replace('[::1]', '127.0.0.1'));
    await http.post(`${API}/auth/login`).send({ login: 'root', password: admin.ADMIN_PASSWORD }).expect(401);
    const res = await http.post(`${API}/auth/login`).send({ login: 'root', password: 'second-admin-password' }).expect(200);
    expect(res.body.user.role).toBe('admin');
  });
});
