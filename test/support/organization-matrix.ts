import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ORGANIZATION_ID } from '../../src/core/database/organization-scope';
import { ADMIN_ACCOUNT, loginAdmin } from './factories';
import { ack, ClientSocket, connect } from './sockets';
import { withClient } from './test-database';
import { API, startTestApp, TestApp } from './test-app';

/**
 * The cross-organization matrix (docs/organizations.md, "The matrix"): two organizations holding data
 * of every feature; every id-taking route of the served OpenAPI document and every client socket event
 * of the AsyncAPI document is sent by every role of one organization with the other organization's ids,
 * and must answer exactly what the same request answers for ids that exist nowhere (an outsider's
 * answer), with none of the other organization's rows in any answer. A route with an id-like path
 * parameter that this file cannot fill fails the matrix until it is filled or listed in UNCHECKED.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Headers = Record<string, string>;

/** Routes with an id-like parameter that the matrix does not send, each with its reason. Keep it short. */
export const UNCHECKED: Record<string, string> = {
  'GET /api/v1/lti/{organizationId}/jwks':
    "an organization's public LTI key set: public by design (an LMS reads it without credentials), the same to everyone",
};

/**
 * Routes whose answer to another organization's id rightly differs from an outsider's, for one role:
 * operators (the default organization's global admins) administer every organization.
 */
const LEGITIMATE: Record<string, (role: string) => boolean> = {
  'GET /api/v1/organizations': (role) => role === 'operator',
  'GET /api/v1/organizations/{id}': (role) => role === 'operator',
  'PATCH /api/v1/organizations/{id}': (role) => role === 'operator',
};

/** One organization's seeded data: the values that fill path parameters and bodies, and the text that must never leak. */
export interface Victim {
  organizationId: string;
  ids: Record<string, string>;
  /** Strings only this organization's rows hold (its usernames, room names, message text). */
  markers: string[];
}

export interface Role {
  name: string;
  headers: Headers;
  /** A user's access token, for the socket; none for an API key. */
  token?: string;
}

interface Party {
  roles: Role[];
  victim: Victim;
}

/** A stand-in identity provider for the deployment's external tokens. */
export class Provider {
  server!: Server;
  issuer = '';
  keys: Json[] = [];
  pair!: Awaited<ReturnType<typeof generateKeyPair>>;

  async start(): Promise<void> {
    this.pair = await generateKeyPair('RS256', { extractable: true });
    this.keys = [{ ...(await exportJWK(this.pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: `${this.issuer}/jwks.json` }));
      else if (req.url === '/jwks.json') res.end(JSON.stringify({ keys: this.keys }));
      else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  token(subject: string, audience: string, issuer = this.issuer): Promise<string> {
    return new SignJWT({ sub: subject, preferred_username: subject })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('30m')
      .sign(this.pair.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const AUDIENCE = 'parley-matrix';
export const NORTH_AUDIENCE = 'parley-north';
const EMOJI = encodeURIComponent('👍');

export class OrganizationMatrix {
  t!: TestApp;
  doc!: Json;
  provider = new Provider();
  /** North's own identity provider (its settings' idp_*). */
  northProvider = new Provider();
  northId = '';
  operator: Headers = {};
  defaultOrg!: Party;
  north!: Party;
  sockets: ClientSocket[] = [];

  constructor(private readonly overrides: Record<string, string> = {}) {}

  async start(): Promise<void> {
    await this.provider.start();
    await this.northProvider.start();
    this.t = await startTestApp({
      ...ADMIN_ACCOUNT,
      AUTH_OIDC_ISSUER: this.provider.issuer,
      AUTH_EXTERNAL_AUDIENCE: AUDIENCE,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      ...this.overrides,
    });
    this.doc = (await this.t.http.get('/docs-json').expect(200)).body;
    const operator = await loginAdmin(this.t.http);
    const created = await this.t.http
      .post(`${API}/organizations`)
      .set(operator)
      .send({ slug: 'north', name: 'North', admin: { username: 'northadmin', email: 'admin@north.example.com', password: 'north-password-1' } });
    must(created, 201);
    const northAdmin = await this.login('northadmin', 'north-password-1', 'north');
    this.defaultOrg = await this.seed('dflt', undefined, operator, DEFAULT_ORGANIZATION_ID);
    this.north = await this.seed('nrth', 'north', northAdmin, created.body.id);
    // The default organization's external-token user (the deployment's identity provider signs in to it).
    const external = await this.provider.token(`ext-dflt-${randomBytes(3).toString('hex')}`, AUDIENCE);
    must(await this.t.http.get(`${API}/users/me`).set({ Authorization: `Bearer ${external}` }), 200);
    this.defaultOrg.roles.push({ name: 'external-token user', headers: { Authorization: `Bearer ${external}` }, token: external });
    this.defaultOrg.roles.push({ name: 'operator', headers: operator, token: operator.Authorization.slice(7) });
    // North's external-token user, through North's own identity provider.
    this.northId = created.body.id;
    this.operator = operator;
    must(
      await this.t.http
        .patch(`${API}/organizations/${this.northId}`)
        .set(northAdmin)
        .send({
          settings: { idp_issuer: this.northProvider.issuer, idp_audience: NORTH_AUDIENCE, idp_jwks_url: `${this.northProvider.issuer}/jwks.json` },
        }),
      200,
    );
    const northExternal = await this.northProvider.token(`ext-nrth-${randomBytes(3).toString('hex')}`, NORTH_AUDIENCE);
    must(await this.t.http.get(`${API}/users/me`).set({ Authorization: `Bearer ${northExternal}` }), 200);
    this.north.roles.push({ name: 'external-token user', headers: { Authorization: `Bearer ${northExternal}` }, token: northExternal });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.close();
    await this.t.close();
    await this.provider.close();
    await this.northProvider.close();
  }

  private async login(login: string, password: string, organization?: string): Promise<Headers> {
    const res = await this.t.http.post(`${API}/auth/login`).send({ login, password, organization });
    must(res, 200);
    return { Authorization: `Bearer ${res.body.access_token}` };
  }

  private async register(
    prefix: string,
    slug: string | undefined,
    name: string,
  ): Promise<{ id: string; username: string; headers: Headers; token: string }> {
    const username = `${prefix}${name}`;
    const res = await this.t.http
      .post(`${API}/auth/register`)
      .send({ username, email: `${username}@${prefix}.example.com`, password: 'a-good-password', organization: slug });
    must(res, 201);
    return { id: res.body.user.id, username, headers: { Authorization: `Bearer ${res.body.access_token}` }, token: res.body.access_token };
  }

  /** Data of every feature in one organization, made through the API by its own users. */
  private async seed(prefix: string, slug: string | undefined, admin: Headers, organizationId: string): Promise<Party> {
    const http = this.t.http;
    const member = await this.register(prefix, slug, 'member');
    const roomAdmin = await this.register(prefix, slug, 'roomadmin');
    const agent = await this.register(prefix, slug, 'agent');
    const target = await this.register(prefix, slug, 'target');
    const banned = await this.register(prefix, slug, 'banned');
    must(await http.patch(`${API}/users/${agent.id}`).set(admin).send({ user_type: 'support' }), 200);
    const room = must(
      await http
        .post(`${API}/rooms`)
        .set(roomAdmin.headers)
        .send({ name: `${prefix}room`, room_type: 'GROUP', visibility: 'public', participants: [member.id, banned.id] }),
      201,
    );
    const send = async (who: Headers, content: string, extra: Json = {}) =>
      must(
        await http
          .post(`${API}/rooms/${room.id}/messages`)
          .set(who)
          .send({ content, ...extra }),
        201,
      );
    const message = await send(roomAdmin.headers, `${prefix}secret plan for @${member.username}`);
    await send(member.headers, `${prefix}thread reply`, { thread_root_id: message.id });
    must(await http.put(`${API}/rooms/${room.id}/messages/${message.id}/reactions/${EMOJI}`).set(member.headers), 200);
    must(await http.put(`${API}/rooms/${room.id}/pins/${message.id}`).set(roomAdmin.headers), 200);
    const report = must(
      await http.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).set(member.headers).send({ reason: 'harassment' }),
      201,
    );
    must(await http.post(`${API}/users/${target.id}/report`).set(member.headers).send({ reason: 'harassment' }), 201);
    must(await http.delete(`${API}/rooms/${room.id}/members/${banned.id}?ban=true`).set(roomAdmin.headers), 204);
    const invitation = must(await http.post(`${API}/rooms/${room.id}/invitations`).set(roomAdmin.headers).send({ user_id: target.id }), 201);
    must(await http.put(`${API}/users/me/blocks/${target.id}`).set(member.headers), [200, 201, 204]);
    const upload = must(
      await http
        .post(`${API}/uploads`)
        .set(member.headers)
        .attach('file', Buffer.from(`${prefix}notes`), 'notes.txt'),
      201,
    );
    const device = randomUUID();
    must(
      await http
        .put(`${API}/users/me/devices/${device}`)
        .set(member.headers)
        .send({ platform: 'ios', token: `${prefix}token`, app_id: 'com.example.chat' }),
      [200, 201],
    );
    const roomRule = must(
      await http
        .post(`${API}/rooms/${room.id}/content-rules`)
        .set(roomAdmin.headers)
        .send({ kind: 'words', action: 'flag', words: [`${prefix}nope`] }),
      201,
    );
    const rule = must(
      await http
        .post(`${API}/admin/content-rules`)
        .set(admin)
        .send({ kind: 'words', action: 'flag', words: [`${prefix}never`], enabled: false }),
      201,
    );
    const hold = must(
      await http
        .post(`${API}/admin/legal-holds`)
        .set(admin)
        .send({ name: `${prefix}hold`, reason: 'matter', user_ids: [target.id] }),
      201,
    );
    // A public address literal: registration checks the platform's URLs reach one (docs/lti.md).
    const lms = 'https://93.184.215.14';
    const ltiPlatform = must(
      await http
        .post(`${API}/admin/lti/platforms`)
        .set(admin)
        .send({
          name: `${prefix}lms`,
          issuer: `https://${prefix.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'lms'}.lms.example`,
          client_id: `${prefix}client`,
          deployment_ids: ['1:abc'],
          authorization_endpoint: `${lms}/api/lti/authorize_redirect`,
          jwks_url: `${lms}/api/lti/security/jwks`,
          token_endpoint: `${lms}/login/oauth2/token`,
        }),
      201,
    );
    const exportJob = must(
      await http
        .post(`${API}/admin/compliance-exports`)
        .set(admin)
        .send({ room_ids: [room.id], format: 'csv' }),
      201,
    );
    const key = must(
      await http
        .post(`${API}/admin/api-keys`)
        .set(admin)
        .send({ name: `${prefix}key`, scopes: ['users', 'rooms', 'messages', 'tokens'] }),
      201,
    );
    const apiKey = { 'X-Api-Key': key.key as string };
    const webhook = must(
      await http
        .post(`${API}/admin/webhooks`)
        .set(admin)
        .send({ url: 'http://127.0.0.1:9/hook', event_types: ['message.created'] }),
      201,
    );
    must(await http.post(`${API}/admin/webhooks/${webhook.id}/test`).set(admin), [200, 201, 202]);
    const externalUser = `${prefix}-ext-user`;
    const externalRoom = `${prefix}-ext-room`;
    must(
      await http
        .put(`${API}/platform/users/${externalUser}`)
        .set(apiKey)
        .send({ display_name: `${prefix}platform user` }),
      [200, 201],
    );
    must(
      await http
        .put(`${API}/platform/rooms/${externalRoom}`)
        .set(apiKey)
        .send({ name: `${prefix}platform room` }),
      [200, 201],
    );
    const rows = await withClient(this.t.databaseUrl, async (c) => {
      const one = async (sql: string) => ((await c.query(sql, [organizationId])).rows[0]?.id as string | undefined) ?? '';
      return {
        delivery: await one(`SELECT id::text FROM webhook_deliveries WHERE organization_id = $1 LIMIT 1`),
        dead: await one(
          `INSERT INTO notifications (id, organization_id, user_id, room_id, message_id, channel, items, due_at, state)
           SELECT gen_random_uuid(), $1, m.sender_id, m.room_id, m.id, 'email', ARRAY[m.id], now(), 'dead'
             FROM messages m WHERE m.organization_id = $1 AND m.sender_id IS NOT NULL LIMIT 1
           RETURNING id::text`,
        ).catch(() => ''),
      };
    });
    const ids: Record<string, string> = {
      'organizations/{id}': organizationId,
      'rooms/{id}': room.id,
      'users/{id}': target.id,
      'members/{userId}': member.id,
      'bans/{userId}': banned.id,
      'blocks/{userId}': target.id,
      'messages/{messageId}': message.id,
      'pins/{messageId}': message.id,
      'held-messages/{messageId}': message.id,
      'reactions/{emoji}': EMOJI,
      'invitations/{invitationId}': invitation.id,
      'invitations/{id}': invitation.id,
      'content-rules/{ruleId}': rule.id,
      'rooms/content-rules/{ruleId}': roomRule.id,
      'uploads/{id}': upload.id,
      'devices/{id}': device,
      'reports/{id}': report.id,
      'api-keys/{id}': key.id,
      'webhooks/{id}': webhook.id,
      'deliveries/{deliveryId}': rows.delivery,
      'legal-holds/{id}': hold.id,
      'compliance-exports/{id}': exportJob.id,
      'platforms/{id}': ltiPlatform.id,
      'dead/{id}': rows.dead,
      'rooms/{roomId}': room.id,
      'platform/users/{external_id}': externalUser,
      'platform/rooms/{external_id}': externalRoom,
      // Body fields.
      user: target.id,
      room: room.id,
      message: message.id,
      upload: upload.id,
    };
    return {
      victim: {
        organizationId,
        ids,
        markers: [
          prefix + 'member',
          prefix + 'roomadmin',
          prefix + 'agent',
          prefix + 'target',
          prefix + 'secret',
          prefix + 'room',
          prefix + 'notes',
          prefix + 'platform',
          // The content rules' words: a rule list must show neither organization's rules to the other.
          prefix + 'nope',
          prefix + 'never',
        ],
      },
      roles: [
        { name: 'member', headers: member.headers, token: member.token },
        { name: 'room admin', headers: roomAdmin.headers, token: roomAdmin.token },
        { name: 'support agent', headers: agent.headers, token: agent.token },
        ...(organizationId === DEFAULT_ORGANIZATION_ID ? [] : [{ name: 'organization admin', headers: admin, token: admin.Authorization.slice(7) }]),
        { name: 'API key', headers: apiKey },
      ],
    };
  }

  /** Every operation of the served document: `METHOD /path`, its parameters and body schema. */
  operations(): { key: string; method: string; path: string; op: Json }[] {
    const out: { key: string; method: string; path: string; op: Json }[] = [];
    for (const [path, item] of Object.entries(this.doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        out.push({ key: `${method.toUpperCase()} ${path}`, method, path, op: op as Json });
      }
    }
    return out;
  }

  /** The value key of a path parameter: the segment before it and its name (`rooms/{id}`), more where that is ambiguous. */
  static paramKey(path: string, name: string): string {
    const segments = path.split('/');
    const at = segments.indexOf(`{${name}}`);
    const before = segments[at - 1];
    if (before === 'content-rules' && segments.includes('rooms')) return `rooms/content-rules/{${name}}`;
    if (before === 'users' && segments[at - 2] === 'platform') return `platform/users/{${name}}`;
    if (before === 'rooms' && segments[at - 2] === 'platform') return `platform/rooms/{${name}}`;
    return `${before}/{${name}}`;
  }

  /** Path parameters whose value this organization's data does not supply. */
  missing(path: string, victim: Victim): string[] {
    return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => OrganizationMatrix.paramKey(path, m[1])).filter((k) => !victim.ids[k]);
  }

  private resolve(schema: Json | undefined): Json | undefined {
    let s = schema;
    for (let i = 0; s?.$ref && i < 10; i += 1) s = this.doc.components.schemas[s.$ref.split('/').pop()];
    if (s?.allOf?.length === 1) return this.resolve(s.allOf[0]);
    return s;
  }

  /** A body the route's validation accepts as far as a schema says, with every id-like field naming `ids`. */
  body(schema: Json | undefined, ids: Record<string, string>, depth = 0): unknown {
    const s = this.resolve(schema);
    if (!s || depth > 4) return undefined;
    if (s.enum) return s.enum[0];
    if (s.oneOf || s.anyOf) return this.body((s.oneOf ?? s.anyOf)[0], ids, depth + 1);
    const idFor = (name: string) =>
      /user/.test(name)
        ? ids.user
        : /room/.test(name)
          ? ids.room
          : /upload|attachment/.test(name)
            ? ids.upload
            : /message|thread|reply|parent/.test(name)
              ? ids.message
              : undefined;
    if (s.type === 'object' || s.properties) {
      const out: Json = {};
      for (const [name, prop] of Object.entries((s.properties ?? {}) as Json)) {
        const p = this.resolve(prop as Json) ?? {};
        const id = idFor(name);
        const isId = p.format === 'uuid' || (p.type === 'array' && this.resolve(p.items)?.format === 'uuid');
        if (id && isId) out[name] = p.type === 'array' ? [id] : id;
        else if ((s.required ?? []).includes(name)) out[name] = this.body(p, ids, depth + 1);
      }
      return out;
    }
    if (s.type === 'array') return Array.from({ length: s.minItems ?? 0 }, () => this.body(s.items, ids, depth + 1));
    if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
    if (s.type === 'boolean') return false;
    if (s.format === 'uuid') return randomUUID();
    if (s.format === 'email') return 'someone@example.com';
    if (s.format === 'uri' || s.format === 'url') return 'https://example.com/x';
    return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }

  /** Sends one operation with `ids`, as `role`. */
  async call(entry: { method: string; path: string; op: Json }, ids: Record<string, string>, role: Role) {
    const url =
      entry.path.replace(/\{([^}]+)\}/g, (_m, name: string) => ids[OrganizationMatrix.paramKey(entry.path, name)] ?? randomUUID()) +
      this.query(entry.op);
    const schema = entry.op.requestBody?.content?.['application/json']?.schema;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let req = (this.t.http as any)[entry.method](url).set(role.headers);
    if (schema) req = req.send(this.body(schema, ids) ?? {});
    const res = await req;
    return { status: res.status as number, code: res.body?.code as string | undefined, text: res.text as string };
  }

  private query(op: Json): string {
    const q = ((op.parameters ?? []) as Json[]).filter((p) => p.in === 'query' && p.required);
    return q.length ? `?${q.map((p) => `${p.name}=${encodeURIComponent(String(this.body(p.schema, {}) ?? 'x'))}`).join('&')}` : '';
  }

  /** Fake ids for every key: rows that exist in no organization. */
  static outsider(victim: Victim): Record<string, string> {
    return Object.fromEntries(
      Object.entries(victim.ids).map(([k, v]) => [
        k,
        k.includes('external_id') ? `nobody-${randomBytes(4).toString('hex')}` : k.includes('emoji') ? v : randomUUID(),
      ]),
    );
  }

  /** Strings of `victim` in `text` that the request did not carry itself. */
  static leaks(text: string, victim: Victim, sent: string[]): string[] {
    // External ids are names in each organization's own namespace, not rows: another organization may hold the same.
    const ids = Object.entries(victim.ids)
      .filter(([k, v]) => !k.includes('external_id') && v.length >= 8 && !sent.includes(v) && v !== EMOJI)
      .map(([, v]) => v);
    return [...victim.markers, ...ids].filter((s) => text.includes(s));
  }

  /**
   * Every id-taking route for every role of `attacker` against `victim`'s ids: the answers that
   * differ from an outsider's, and any answer carrying the victim's rows.
   */
  async routes(attacker: Party, victim: Victim, routes: { key: string; method: string; path: string; op: Json }[]): Promise<string[]> {
    const wrong: string[] = [];
    // Upserts last: a PUT of an external id makes the caller's own user or room of that name, which later routes would then find.
    const creates = (e: { method: string; path: string }) => e.method === 'put' && e.path.endsWith('{external_id}');
    const ordered = [...routes.filter((e) => !creates(e)), ...routes.filter(creates)];
    for (const entry of ordered) {
      for (const role of attacker.roles) {
        if (LEGITIMATE[entry.key]?.(role.name)) continue;
        const foreign = await this.call(entry, victim.ids, role);
        const outsider = await this.call(entry, OrganizationMatrix.outsider(victim), role);
        const sent = [
          ...[...entry.path.matchAll(/\{([^}]+)\}/g)].map((m) => victim.ids[OrganizationMatrix.paramKey(entry.path, m[1])]),
          victim.ids.user,
          victim.ids.room,
          victim.ids.message,
          victim.ids.upload,
        ];
        if (foreign.status !== outsider.status || foreign.code !== outsider.code) {
          wrong.push(
            `${entry.key} as ${role.name}: ${foreign.status} ${foreign.code ?? ''} for the other organization's ids, ${outsider.status} ${outsider.code ?? ''} for nobody's`,
          );
        }
        const leaked = OrganizationMatrix.leaks(foreign.text, victim, sent);
        if (leaked.length) wrong.push(`${entry.key} as ${role.name}: answered ${leaked.join(', ')}`);
      }
    }
    return wrong;
  }

  /** Every list and search (GET without path parameters) as every role: none of the victim's rows. */
  async lists(attacker: Party, victim: Victim): Promise<string[]> {
    const wrong: string[] = [];
    const lists = this.operations().filter((e) => e.method === 'get' && !e.path.includes('{') && e.path.startsWith(API));
    for (const entry of lists) {
      for (const role of attacker.roles) {
        if (LEGITIMATE[entry.key]?.(role.name)) continue;
        for (const q of ['', `?q=${victim.markers[0]}`, `?query=${victim.markers[0]}`]) {
          const res = await this.t.http.get(entry.path + q).set(role.headers);
          // A page link repeats the query itself: not a row.
          const leaked = OrganizationMatrix.leaks(res.text.replaceAll(`=${victim.markers[0]}`, '='), victim, []);
          if (leaked.length) wrong.push(`GET ${entry.path}${q} as ${role.name}: answered ${leaked.join(', ')} (${context(res.text, leaked[0])})`);
        }
      }
    }
    return wrong;
  }

  /** The client events of the AsyncAPI document (docs/asyncapi.yaml, generated from the gateway's contract). */
  static clientEvents(): string[] {
    const doc = parse(readFileSync(join(process.cwd(), 'docs/asyncapi.yaml'), 'utf8')) as Json;
    return Object.values(doc.components.messages as Json)
      .filter((m: Json) => typeof m.title === 'string' && m.title.endsWith('(client)'))
      .map((m: Json) => m.name as string);
  }

  /** Each client event's payload naming `ids`' room and message. */
  static readonly EVENT_PAYLOADS: Record<string, (ids: Record<string, string>) => Json> = {
    'room:join': (ids) => ({ room_id: ids.room }),
    'room:leave': (ids) => ({ room_id: ids.room }),
    'message:send': (ids) => ({ room_id: ids.room, content: 'hello' }),
    'message:edit': (ids) => ({ room_id: ids.room, message_id: ids.message, content: 'edited' }),
    'message:delete': (ids) => ({ room_id: ids.room, message_id: ids.message }),
    typing: (ids) => ({ room_id: ids.room, is_typing: true }),
    read: (ids) => ({ room_id: ids.room }),
    sync: (ids) => ({ rooms: { [ids.room]: 0 } }),
  };

  async events(attacker: Party, victim: Victim): Promise<string[]> {
    const wrong: string[] = [];
    for (const role of attacker.roles.filter((r) => r.token)) {
      const socket = await connect(this.t.baseUrl, role.token);
      this.sockets.push(socket);
      for (const event of OrganizationMatrix.clientEvents()) {
        const payload = OrganizationMatrix.EVENT_PAYLOADS[event];
        if (!payload) continue; // reported by the spec
        const foreign = await ack<Json>(socket, event, payload(victim.ids));
        const outsider = await ack<Json>(socket, event, payload(OrganizationMatrix.outsider(victim)));
        // sync answers per room: compare the room's answer, not the room ids (which are the request's own).
        const shape = (a: Json) => JSON.stringify({ ok: a.ok, code: a.error?.code, rooms: a.data?.rooms ? Object.values(a.data.rooms) : undefined });
        if (shape(foreign) !== shape(outsider))
          wrong.push(`${event} as ${role.name}: ${shape(foreign)} for the other organization's ids, ${shape(outsider)} for nobody's`);
        const leaked = OrganizationMatrix.leaks(JSON.stringify(foreign), victim, [victim.ids.room, victim.ids.message]);
        if (leaked.length) wrong.push(`${event} as ${role.name}: answered ${leaked.join(', ')}`);
      }
    }
    return wrong;
  }
}

/** The answer around a leaked string, for the failure message. */
function context(text: string, leaked: string): string {
  const at = text.indexOf(leaked);
  return text.slice(Math.max(0, at - 150), at + 100);
}

function must(res: { status: number; body: Json; text: string }, expected: number | number[]): Json {
  const ok = Array.isArray(expected) ? expected.includes(res.status) : res.status === expected;
  if (!ok) throw new Error(`seeding: expected ${String(expected)}, got ${res.status} ${res.text}`);
  return res.body;
}
