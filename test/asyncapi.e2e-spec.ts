import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOCKET_EVENTS } from '../src/core/events/event-map';
import { API, startTestApp, TestApp } from './support/test-app';

const CLIENT_EVENTS = ['room:join', 'room:leave', 'message:send', 'message:edit', 'message:delete', 'typing', 'read', 'sync'];

describe('AsyncAPI document (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: '' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is valid AsyncAPI and names every client event and every server event of the event map', async () => {
    const text = readFileSync(join(process.cwd(), 'docs/asyncapi.yaml'), 'utf8');
    const { document, diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => d.message)).toEqual([]);
    expect(document).toBeDefined();
    const names = (action: string) =>
      document!
        .operations()
        .all()
        .filter((op) => op.action() === action)
        .flatMap((op) =>
          op
            .messages()
            .all()
            .map((m) => m.name()),
        );
    expect(new Set(names('receive'))).toEqual(new Set(CLIENT_EVENTS));
    expect(new Set(names('send'))).toEqual(new Set(SOCKET_EVENTS));
  });

  it('is served next to Swagger', async () => {
    const res = await t.http.get('/docs/asyncapi.yaml').expect(200);
    expect(res.headers['content-type']).toMatch(/yaml/);
    expect(res.text).toContain('asyncapi: 3.0.0');
    await t.http.get(`${API}/users/me`).expect(401);
  });
});
