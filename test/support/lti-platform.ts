import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, exportJWK, generateKeyPair, JWK, JWTPayload, jwtVerify, SignJWT, CryptoKey } from 'jose';

/**
 * A stand-in LTI 1.3 platform (an LMS), written from the IMS specifications: LTI Core 1.3 and the
 * Security Framework (OIDC login initiation, the authorization endpoint answering with a signed id
 * token by form post, its JWKS), LTI Advantage's token endpoint (client credentials with a
 * `private_key_jwt` client assertion, verified against the tool's JWKS), Names and Role Provisioning
 * Services 2.0 (a roster served in two pages linked by `Link: rel="next"`), the Deep Linking 2.0
 * return URL (verifying the tool's signed response) and Dynamic Registration 1.0 (its openid
 * configuration and registration endpoint).
 */

export const LTI = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  data: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  toolConfiguration: 'https://purl.imsglobal.org/spec/lti-tool-configuration',
} as const;

export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  ta: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  institutionAdmin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
} as const;

const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

export interface LmsUser {
  sub: string;
  name: string;
  email?: string;
  roles: string[];
}

export interface Course {
  id: string;
  title: string;
}

/** What the next id token says, and how a test breaks it. */
export interface LaunchPlan {
  user: LmsUser;
  course?: Course;
  messageType?: string;
  version?: string;
  deploymentId?: string;
  custom?: Record<string, string>;
  /** Token tampering for the negative cases. */
  issuer?: string;
  audience?: string | string[];
  azp?: string;
  nonce?: string;
  expiresIn?: number;
  issuedAgo?: number;
  signWithOtherKey?: boolean;
  withNrps?: boolean;
  dataForDeepLink?: string;
}

export interface AuthorizeAnswer {
  action: string;
  fields: Record<string, string>;
}

export class LtiPlatform {
  readonly clientId = `client-${randomBytes(4).toString('hex')}`;
  readonly deploymentId = `deployment-${randomBytes(4).toString('hex')}`;
  server: Server;
  origin = '';
  /** Parley's key set (this organization's), set by the test once it knows the tool's URLs. */
  toolJwksUrl = '';
  /** Parley's launch URL (the only redirect URI registered). */
  toolLaunchUrl = '';
  /** The roster served by NRPS per course id (each `roster` call replaces it). */
  rosters = new Map<string, (LmsUser & { status?: string })[]>();
  /** Access tokens issued, and the client assertions' jti seen (replays refused). */
  readonly accessTokens = new Set<string>();
  readonly assertionIds = new Set<string>();
  nrpsRequests = 0;
  tokenRequests = 0;
  /** Deep-linking responses received and verified. */
  deepLinks: JWTPayload[] = [];
  deepLinkFailures: string[] = [];
  /** Dynamic registrations received. */
  registrations: Record<string, unknown>[] = [];
  registrationToken = `reg-${randomBytes(8).toString('hex')}`;
  /** The LMS's own pages (a course page framing the tool), by path. */
  readonly pages = new Map<string, string>();
  /** What the authorization endpoint signs next, keyed by login_hint. */
  private readonly plans = new Map<string, LaunchPlan>();
  private key!: CryptoKey;
  private otherKey!: CryptoKey;
  private jwk!: JWK;
  readonly kid = `platform-key-${randomBytes(3).toString('hex')}`;

  get issuer(): string {
    return this.origin;
  }
  get authorizationEndpoint(): string {
    return `${this.origin}/authorize`;
  }
  get jwksUrl(): string {
    return `${this.origin}/jwks`;
  }
  get tokenEndpoint(): string {
    return `${this.origin}/token`;
  }
  get deepLinkReturnUrl(): string {
    return `${this.origin}/deep-link-return`;
  }
  get openidConfigurationUrl(): string {
    return `${this.origin}/.well-known/openid-configuration`;
  }
  membershipsUrl(courseId: string): string {
    return `${this.origin}/nrps/${encodeURIComponent(courseId)}/memberships`;
  }

  async start(): Promise<this> {
    const pair = await generateKeyPair('RS256', { extractable: true });
    this.key = pair.privateKey;
    this.jwk = { ...(await exportJWK(pair.publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' };
    this.otherKey = (await generateKeyPair('RS256')).privateKey;
    this.server = createServer((req, res) => void this.handle(req, res).catch((error) => send(res, 500, { error: String(error) })));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The body an admin posts to register this platform with Parley. */
  registration(name = 'Stand-in LMS') {
    return {
      name,
      issuer: this.issuer,
      client_id: this.clientId,
      deployment_ids: [this.deploymentId],
      authorization_endpoint: this.authorizationEndpoint,
      jwks_url: this.jwksUrl,
      token_endpoint: this.tokenEndpoint,
    };
  }

  /** The login initiation request the platform starts a launch with (its query or form). */
  loginRequest(plan: LaunchPlan): Record<string, string> {
    const hint = `hint-${randomBytes(6).toString('hex')}`;
    this.plans.set(hint, plan);
    return {
      iss: this.issuer,
      login_hint: hint,
      target_link_uri: this.toolLaunchUrl,
      lti_message_hint: `msg-${hint}`,
      client_id: this.clientId,
      lti_deployment_id: this.deploymentId,
    };
  }

  /**
   * A course page of the LMS that frames the tool, as Canvas's course navigation does: the frame starts
   * at the tool's login URL (GET with the initiation parameters). Answers the page's URL.
   */
  coursePage(toolLoginUrl: string, plan: LaunchPlan): string {
    const path = `/courses/${randomBytes(4).toString('hex')}`;
    const src = `${toolLoginUrl}?${new URLSearchParams(this.loginRequest(plan)).toString()}`;
    this.pages.set(
      path,
      `<!doctype html><html><head><title>${escape(plan.course?.title ?? 'Course')}</title></head><body><h1>${escape(plan.course?.title ?? 'Course')}</h1>` +
        `<iframe title="Parley" src="${escape(src)}" style="width:1000px;height:700px" allow="clipboard-write"></iframe></body></html>`,
    );
    return `${this.origin}${path}`;
  }

  /**
   * The authorization endpoint (OIDC implicit flow, form_post): checks the authentication request as the
   * Security Framework (5.1.1.2) says, and answers what the browser would post to the redirect URI.
   */
  async authorize(location: string): Promise<AuthorizeAnswer> {
    const url = new URL(location);
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const problems: string[] = [];
    if (`${url.origin}${url.pathname}` !== this.authorizationEndpoint) problems.push('wrong endpoint');
    if (q('scope') !== 'openid') problems.push('scope');
    if (q('response_type') !== 'id_token') problems.push('response_type');
    if (q('response_mode') !== 'form_post') problems.push('response_mode');
    if (q('prompt') !== 'none') problems.push('prompt');
    if (q('client_id') !== this.clientId) problems.push('client_id');
    if (q('redirect_uri') !== this.toolLaunchUrl) problems.push(`redirect_uri ${q('redirect_uri')}`);
    if (!q('state') || !q('nonce')) problems.push('state/nonce');
    const plan = this.plans.get(q('login_hint'));
    if (!plan) problems.push('login_hint');
    if (q('lti_message_hint') !== `msg-${q('login_hint')}`) problems.push('lti_message_hint');
    if (problems.length) throw new Error(`bad authentication request: ${problems.join(', ')}`);
    return { action: q('redirect_uri'), fields: { id_token: await this.idToken(plan!, q('nonce')), state: q('state') } };
  }

  /** An id token as the platform signs it (or as a test breaks it). */
  async idToken(plan: LaunchPlan, nonce: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const type = plan.messageType ?? 'LtiResourceLinkRequest';
    const claims: JWTPayload & Record<string, unknown> = {
      nonce: plan.nonce ?? nonce,
      sub: plan.user.sub,
      name: plan.user.name,
      email: plan.user.email,
      given_name: plan.user.name.split(' ')[0],
      family_name: plan.user.name.split(' ').slice(1).join(' '),
      [LTI.messageType]: type,
      [LTI.version]: plan.version ?? '1.3.0',
      [LTI.deploymentId]: plan.deploymentId ?? this.deploymentId,
      [LTI.targetLinkUri]: this.toolLaunchUrl,
      [LTI.roles]: plan.user.roles,
    };
    if (plan.azp) claims.azp = plan.azp;
    if (plan.course)
      claims[LTI.context] = { id: plan.course.id, title: plan.course.title, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] };
    if (type === 'LtiResourceLinkRequest') claims[LTI.resourceLink] = { id: `link-${plan.course?.id ?? 'none'}`, title: 'Chat' };
    if (plan.custom) claims[LTI.custom] = plan.custom;
    if (plan.withNrps !== false && plan.course) {
      claims[LTI.nrps] = { context_memberships_url: this.membershipsUrl(plan.course.id), service_versions: ['2.0'] };
    }
    if (type === 'LtiDeepLinkingRequest') {
      claims[LTI.deepLinkingSettings] = {
        deep_link_return_url: this.deepLinkReturnUrl,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: false,
        data: plan.dataForDeepLink ?? 'opaque-platform-data',
      };
    }
    const issuedAt = now - (plan.issuedAgo ?? 0);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(plan.issuer ?? this.issuer)
      .setAudience(plan.audience ?? this.clientId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (plan.expiresIn ?? 300))
      .sign(plan.signWithOtherKey ? this.otherKey : this.key);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    if (req.method === 'GET' && url.pathname === '/jwks') return send(res, 200, { keys: [this.jwk] });
    if (req.method === 'GET' && this.pages.has(url.pathname)) return sendHtml(res, this.pages.get(url.pathname)!);
    if (req.method === 'GET' && url.pathname === '/authorize') {
      // As a browser meets it: the platform's page posting the id token to the tool (the browser spec).
      const answer = await this.authorize(url.toString());
      return sendHtml(res, autoPost(answer.action, answer.fields));
    }
    if (req.method === 'POST' && url.pathname === '/token') return this.token(req, res);
    const nrps = /^\/nrps\/([^/]+)\/memberships$/.exec(url.pathname);
    if (req.method === 'GET' && nrps) return this.memberships(req, res, decodeURIComponent(nrps[1]), url);
    if (req.method === 'POST' && url.pathname === '/deep-link-return') return this.deepLinkReturn(req, res);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') return send(res, 200, this.openidConfiguration());
    if (req.method === 'POST' && url.pathname === '/register') return this.register(req, res);
    send(res, 404, { error: 'not_found' });
  }

  /** OAuth 2 client credentials with an RFC 7523 client assertion signed by the tool (LTI Advantage security, 4.1). */
  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.tokenRequests += 1;
    const form = new URLSearchParams(await bodyOf(req));
    if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return send(res, 400, { error: 'invalid_request' });
    try {
      const { payload } = await jwtVerify(form.get('client_assertion') ?? '', createRemoteJWKSet(new URL(this.toolJwksUrl)), {
        issuer: this.clientId,
        subject: this.clientId,
        audience: this.tokenEndpoint,
        algorithms: ['RS256'],
        requiredClaims: ['jti', 'exp', 'iat'],
      });
      if (this.assertionIds.has(payload.jti!)) return send(res, 400, { error: 'invalid_grant', error_description: 'jti replayed' });
      this.assertionIds.add(payload.jti!);
    } catch (error) {
      return send(res, 401, { error: 'invalid_client', error_description: String(error) });
    }
    const scopes = (form.get('scope') ?? '').split(' ');
    if (!scopes.includes(NRPS_SCOPE)) return send(res, 400, { error: 'invalid_scope' });
    const token = randomBytes(16).toString('hex');
    this.accessTokens.add(token);
    send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: NRPS_SCOPE });
  }

  /** NRPS 2.0: the course's members, two pages (the first links the second with `Link: <...>; rel="next"`). */
  private memberships(req: IncomingMessage, res: ServerResponse, courseId: string, url: URL): void {
    this.nrpsRequests += 1;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !this.accessTokens.has(token)) return send(res, 401, { error: 'invalid_token' });
    if (!(req.headers.accept ?? '').includes('application/vnd.ims.lti-nrps.v2.membershipcontainer+json')) return send(res, 406, {});
    const roster = this.rosters.get(courseId) ?? [];
    const half = Math.ceil(roster.length / 2);
    const page = url.searchParams.get('page') === '2' ? 2 : 1;
    const members = (page === 1 ? roster.slice(0, half) : roster.slice(half)).map((m) => ({
      user_id: m.sub,
      name: m.name,
      email: m.email,
      status: m.status ?? 'Active',
      roles: m.roles,
    }));
    const headers: Record<string, string> = { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' };
    if (page === 1) headers.link = `<${this.membershipsUrl(courseId)}?page=2>; rel="next"`;
    res.writeHead(200, headers).end(JSON.stringify({ id: url.toString(), context: { id: courseId }, members }));
  }

  /** Deep Linking 2.0's return URL: the tool's signed LtiDeepLinkingResponse (section 4.2), verified with the tool's keys. */
  private async deepLinkReturn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await bodyOf(req));
    try {
      const { payload } = await jwtVerify(form.get('JWT') ?? '', createRemoteJWKSet(new URL(this.toolJwksUrl)), {
        issuer: this.clientId,
        audience: this.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['nonce', 'exp', 'iat'],
      });
      if (payload[LTI.messageType] !== 'LtiDeepLinkingResponse' || payload[LTI.version] !== '1.3.0') throw new Error('not a deep-linking response');
      if (payload[LTI.deploymentId] !== this.deploymentId) throw new Error('deployment');
      this.deepLinks.push(payload);
      sendHtml(res, '<p>Linked.</p>');
    } catch (error) {
      this.deepLinkFailures.push(String(error));
      send(res, 400, { error: String(error) });
    }
  }

  private openidConfiguration() {
    return {
      issuer: this.issuer,
      authorization_endpoint: this.authorizationEndpoint,
      token_endpoint: this.tokenEndpoint,
      jwks_uri: this.jwksUrl,
      registration_endpoint: `${this.origin}/register`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', NRPS_SCOPE],
      response_types_supported: ['id_token'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': {
        product_family_code: 'stand-in',
        version: '1.0',
        messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      },
    };
  }

  /** Dynamic Registration 1.0 (3.5): the tool's client registration, with the registration token as bearer. */
  private async register(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.authorization !== `Bearer ${this.registrationToken}`) return send(res, 401, { error: 'invalid_token' });
    const body = JSON.parse(await bodyOf(req)) as Record<string, unknown>;
    this.registrations.push(body);
    const clientId = `dyn-${randomUUID()}`;
    send(res, 200, {
      ...body,
      client_id: clientId,
      [LTI.toolConfiguration]: { ...(body[LTI.toolConfiguration] as object), deployment_id: `dyn-deployment-${this.registrations.length}` },
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The platform's page that posts the id token to the tool (what the browser sees after authorization). */
export function autoPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
    .join('');
  return `<!doctype html><html><body><form id="f" method="post" action="${escape(action)}">${inputs}</form><script>document.getElementById('f').submit()</script></body></html>`;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** The hidden fields of an auto-posting form page (the tool's deep-linking answer), and where it posts. */
export function formOf(html: string): AuthorizeAnswer {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) fields[unescape(m[1])] = unescape(m[2]);
  return { action: unescape(action), fields };
}

function unescape(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
