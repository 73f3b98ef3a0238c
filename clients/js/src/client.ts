import { Emitter } from './emitter.js';
import { ParleyError } from './errors.js';
import { Outbox, type OutgoingMessage } from './outbox.js';
import { Realtime } from './realtime.js';
import { createRestClient, type RestClient, unwrap } from './rest.js';
import { ReadState } from './read-state.js';
import { MessageSync } from './sync.js';
import { TokenManager } from './tokens.js';
import { TypingTracker } from './typing.js';
import { Files, type UploadOptions } from './uploads.js';
import type { ClientEvents, ParleyClientOptions } from './events.js';
import type {
  AuthResult,
  ContentRule,
  ContentRuleChanges,
  HeldMessagePage,
  Message,
  MessageRevisionPage,
  NewContentRule,
  OpenedRoom,
  Page,
  PresenceEvent,
  ReadResult,
  Room,
  Upload,
  User,
} from './types.js';

const newId = () => globalThis.crypto.randomUUID();

export interface SendOptions {
  reply_to_id?: string;
  client_message_id?: string;
  attachments?: string[];
  thread_root_id?: string;
  also_in_room?: boolean;
}

/** Parley's client: typed REST, realtime with exactly-once delivery, a send queue, typing, reads, presence. */
export class ParleyClient extends Emitter<ClientEvents> {
  readonly rest: RestClient;
  readonly tokens: TokenManager;
  readonly realtime: Realtime;
  private readonly sync: MessageSync;
  private readonly outbox: Outbox;
  private readonly typingTracker: TypingTracker;
  private readonly reads: ReadState;
  private readonly presenceOf = new Map<string, PresenceEvent>();
  private readonly files: Files;
  private me: User | null = null;

  constructor(private readonly options: ParleyClientOptions) {
    super();
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.tokens = new TokenManager(options.baseUrl, fetchImpl, options.tokenStorage);
    this.rest = createRestClient(options.baseUrl, this.tokens, fetchImpl);
    this.files = new Files(options.baseUrl, this.tokens, fetchImpl);
    this.realtime = new Realtime(options.baseUrl, this.tokens, options.socket, () => this.signedOut());
    this.sync = new MessageSync(
      this.realtime,
      this.rest,
      (m) => this.delivered(m),
      (roomId, code) => this.emit('roomGone', { room_id: roomId, code }),
    );
    this.outbox = new Outbox(this.realtime, (m) => this.sync.offer(m));
    this.outbox.on('change', (m) => this.emit('outgoing', m));
    this.reads = new ReadState((roomId, count) => this.emit('unread', { room_id: roomId, unread_count: count }));
    this.typingTracker = new TypingTracker(this.realtime, (roomId, userIds) => this.emit('typing', { room_id: roomId, user_ids: userIds }));
    this.tokens.on('renewed', (t) => this.emit('tokens', t));
    this.tokens.on('signedOut', ({ reason }) => {
      this.emit('tokens', null);
      this.emit('signedOut', { reason });
    });
    const saved = options.tokens ?? options.tokenStorage?.load();
    if (saved) this.tokens.set(saved, false);
    this.wireEvents();
  }

  get user(): User | null {
    return this.me;
  }

  async login(login: string, password: string): Promise<User> {
    return this.signedIn(await unwrap<AuthResult>(this.rest.POST('/api/v1/auth/login', { body: { login, password } })));
  }

  /**
   * Signs in with a one-time sign-in code (the web app's `#handoff=`, left by an identity provider's
   * callback or an LTI launch; docs/sign-in.md). Each code works once, within a minute.
   */
  async exchangeHandoff(code: string): Promise<User> {
    return this.signedIn(await unwrap<AuthResult>(this.rest.POST('/api/v1/auth/handoff', { body: { code } })));
  }

  async register(body: { username: string; email: string; password: string; display_name?: string }): Promise<User> {
    return this.signedIn(await unwrap<AuthResult>(this.rest.POST('/api/v1/auth/register', { body: body })));
  }

  /** Changes my profile (`display_name`, `first_name`, `last_name`); `user` reports the new one. */
  async updateMe(changes: { display_name?: string; first_name?: string; last_name?: string }): Promise<User> {
    this.me = await unwrap<User>(this.rest.PATCH('/api/v1/users/me', { body: changes }));
    this.emit('user', this.me);
    return this.me;
  }

  /** Everything Parley holds about me, as the JSON file `GET /users/me/export` streams (docs/moderation.md). */
  exportMyData(): Promise<Blob> {
    return unwrap<Blob>(this.rest.GET('/api/v1/users/me/export', { parseAs: 'blob' }));
  }

  /**
   * Content rules (docs/compliance.md): a room's own (`roomId`; its owners and admins, and global admins)
   * or, without `roomId`, the deployment's (global admins). A refused change is a ParleyError: 400 with
   * `fields` (e.g. `pattern` for a regular expression RE2 refuses), 403, 404.
   */
  async contentRules(roomId?: string): Promise<ContentRule[]> {
    const page = roomId
      ? await unwrap<{ results: ContentRule[] }>(this.rest.GET('/api/v1/rooms/{id}/content-rules', { params: { path: { id: roomId } } }))
      : await unwrap<{ results: ContentRule[] }>(this.rest.GET('/api/v1/admin/content-rules'));
    return page.results;
  }

  createContentRule(rule: NewContentRule, roomId?: string): Promise<ContentRule> {
    return roomId
      ? unwrap<ContentRule>(this.rest.POST('/api/v1/rooms/{id}/content-rules', { params: { path: { id: roomId } }, body: rule }))
      : unwrap<ContentRule>(this.rest.POST('/api/v1/admin/content-rules', { body: rule }));
  }

  /** Changes a rule's fields (its kind stays); `enabled: false` turns it off. */
  updateContentRule(ruleId: string, changes: ContentRuleChanges, roomId?: string): Promise<ContentRule> {
    return roomId
      ? unwrap<ContentRule>(this.rest.PATCH('/api/v1/rooms/{id}/content-rules/{ruleId}', { params: { path: { id: roomId, ruleId } }, body: changes }))
      : unwrap<ContentRule>(this.rest.PATCH('/api/v1/admin/content-rules/{ruleId}', { params: { path: { ruleId } }, body: changes }));
  }

  async deleteContentRule(ruleId: string, roomId?: string): Promise<void> {
    if (roomId) await unwrap(this.rest.DELETE('/api/v1/rooms/{id}/content-rules/{ruleId}', { params: { path: { id: roomId, ruleId } } }));
    else await unwrap(this.rest.DELETE('/api/v1/admin/content-rules/{ruleId}', { params: { path: { ruleId } } }));
  }

  /** Loads the user and the room heads, then connects; every (re)connect catches up. */
  async connect(): Promise<void> {
    this.me ??= await unwrap<User>(this.rest.GET('/api/v1/users/me'));
    await this.loadRooms();
    this.emit('connection', { state: 'connecting', caughtUp: false });
    this.realtime.connect();
  }

  /** Ends the login on the server and closes the socket. */
  async logout(): Promise<void> {
    const refresh = this.tokens.current?.refresh_token;
    if (refresh) await this.rest.POST('/api/v1/auth/logout', { body: { refresh_token: refresh } }).catch(() => undefined);
    this.close();
    this.signedOut();
  }

  /**
   * Ends the login like `logout`; for one that came from an organization's OpenID Connect provider,
   * answers the provider's logout address for the browser to visit, which ends its session there
   * too (docs/sign-in.md); otherwise null.
   */
  async logoutWithProvider(): Promise<string | null> {
    const answer = await this.rest.POST('/api/v1/auth/oidc/logout').catch(() => undefined);
    this.close();
    this.signedOut();
    return answer?.data?.logout_url ?? null;
  }

  close(): void {
    this.realtime.disconnect();
    this.tokens.dispose();
    this.typingTracker.dispose();
  }

  /**
   * Queues a message; watch `outgoing` events (or the returned object) for sending -> sent / failed.
   * `attachments`: ids from `upload()` (content may then be empty); `thread_root_id`: a reply in that thread.
   */
  send(roomId: string, content: string, options: SendOptions = {}): OutgoingMessage {
    const { client_message_id, ...rest } = options;
    if (!rest.thread_root_id) this.typingTracker.stop(roomId, false);
    return this.outbox.add({ client_message_id: client_message_id ?? newId(), room_id: roomId, content, ...rest });
  }

  /** Uploads one file for a message's `attachments` (progress in browsers); a refusal is a ParleyError (413, 415, 429). */
  upload(file: Blob, options?: UploadOptions): Promise<Upload> {
    return this.files.upload(file, options);
  }

  /** A file's bytes (`upload.url`, `upload.thumbnail_url`): Parley's file routes need the access token, so `<img src>` cannot load them. */
  download(path: string, signal?: AbortSignal): Promise<Blob> {
    return this.files.blob(path, signal);
  }

  retry(clientMessageId: string): OutgoingMessage | undefined {
    return this.outbox.retry(clientMessageId);
  }

  pendingMessages(roomId?: string): OutgoingMessage[] {
    return this.outbox.pending().filter((m) => !roomId || m.room_id === roomId);
  }

  /**
   * Opens a room in one request (`GET /rooms/{id}/open`): the room, its newest history page (`limit`,
   * default 50), its first members page (`members_limit`, default 10) and my read position (`read`,
   * null when I only visit a public room); page on with `history` and the members route. Marks nothing
   * read: call `markRead` once the messages are shown (over the socket). My unread count and read
   * position are kept from the answer, so `markRead` of a room already read sends nothing.
   */
  async openRoom(roomId: string, options: { limit?: number; members_limit?: number } = {}): Promise<OpenedRoom> {
    const opened = await unwrap<OpenedRoom>(this.rest.GET('/api/v1/rooms/{id}/open', { params: { path: { id: roomId }, query: options } }));
    if (opened.read) {
      this.reads.advance(roomId, opened.read.last_read_seq);
      this.reads.set(roomId, opened.read.unread_count);
    }
    return opened;
  }

  /** Older history, ascending by seq (keyset: `before` is the oldest seq you hold). */
  history(roomId: string, options: { before?: number; after?: number; limit?: number } = {}) {
    return unwrap<{ next: string | null; previous: string | null; results: Message[] }>(
      this.rest.GET('/api/v1/rooms/{id}/messages', { params: { path: { id: roomId }, query: options } }),
    );
  }

  /**
   * A message's earlier versions, newest first (`GET /rooms/{id}/messages/{messageId}/revisions`):
   * what each edit replaced and what a deletion blanked. The sender while the message lives; the
   * room's owners and admins and global admins always (others: a 403 ParleyError, `permission_denied`).
   * `before`: versions below this one; while `next` is not null, the next page is `before` the last result's `version`.
   */
  revisions(roomId: string, messageId: string, options: { before?: number; limit?: number } = {}): Promise<MessageRevisionPage> {
    return unwrap<MessageRevisionPage>(
      this.rest.GET('/api/v1/rooms/{id}/messages/{messageId}/revisions', { params: { path: { id: roomId, messageId }, query: options } }),
    );
  }

  /**
   * The room's messages held for review (docs/compliance.md), oldest first: its owners and admins and
   * global admins (other members: a 403 ParleyError; anyone else 404). `after`: held messages after this seq.
   */
  heldMessages(roomId: string, options: { after?: number; limit?: number } = {}): Promise<HeldMessagePage> {
    return unwrap<HeldMessagePage>(this.rest.GET('/api/v1/rooms/{id}/held-messages', { params: { path: { id: roomId }, query: options } }));
  }

  /**
   * Publishes a held message: it takes the room's next seq and reaches the room as a new message (so a
   * client that had it at its old seq replaces it by id). 409 ParleyError when it is not held.
   */
  approveMessage(roomId: string, messageId: string): Promise<Message> {
    return unwrap<Message>(this.rest.POST('/api/v1/rooms/{id}/held-messages/{messageId}/approve', { params: { path: { id: roomId, messageId } } }));
  }

  /** Rejects (deletes) a held message; `reason` goes to the audit log. 409 ParleyError when it is not held. */
  async rejectMessage(roomId: string, messageId: string, reason?: string): Promise<void> {
    await unwrap(
      this.rest.POST('/api/v1/rooms/{id}/held-messages/{messageId}/reject', {
        params: { path: { id: roomId, messageId } },
        body: reason === undefined ? {} : { reason },
      }),
    );
  }

  /** Starts delivering a room's messages after `seq` (e.g. a room opened after connect). */
  track(roomId: string, seq: number): void {
    this.sync.track(roomId, seq);
  }

  /** Call on every keystroke; throttled to what the server expects. */
  typing(roomId: string): void {
    this.typingTracker.keystroke(roomId);
  }

  stopTyping(roomId: string): void {
    this.typingTracker.stop(roomId);
  }

  typists(roomId: string): string[] {
    return this.typingTracker.typists(roomId);
  }

  /** Marks read up to `seq` (default: the newest delivered); never moves backwards. */
  async markRead(roomId: string, seq = this.sync.head(roomId)): Promise<ReadResult | null> {
    if (seq === undefined || !this.reads.advance(roomId, seq)) return null;
    const result = await this.realtime.request('read', { room_id: roomId, seq });
    this.reads.set(roomId, result.unread_count);
    return result;
  }

  unreadCount(roomId: string): number {
    return this.reads.count(roomId);
  }

  presence(userId: string): PresenceEvent | undefined {
    return this.presenceOf.get(userId);
  }

  private signedIn(result: AuthResult): User {
    this.tokens.set(result);
    this.me = result.user;
    return result.user;
  }

  private signedOut(): void {
    this.tokens.clear();
    this.realtime.disconnect();
    this.emit('connection', { state: 'disconnected', caughtUp: false });
  }

  /** Every room of the user: its head (last seq) and unread count. Rooms already tracked keep their head. */
  private async loadRooms(): Promise<void> {
    for (let page = 1; page <= 50; page += 1) {
      const rooms = await unwrap<Page<Room>>(this.rest.GET('/api/v1/rooms', { params: { query: { page: String(page), page_size: 100 } } }));
      for (const room of rooms.results) {
        if (this.sync.head(room.id) === undefined) this.sync.track(room.id, room.last_seq ?? room.last_message?.seq ?? 0);
        this.reads.set(room.id, room.unread_count);
      }
      if (!rooms.next) return;
    }
  }

  private delivered(message: Message): void {
    this.reads.delivered(message, this.me?.id);
    this.emit('message', message);
  }

  private wireEvents(): void {
    const rt = this.realtime;
    rt.socket.on('connect', () => void this.caughtUp());
    rt.socket.on('disconnect', () => this.emit('connection', { state: rt.renewing ? 'connecting' : 'disconnected', caughtUp: false }));
    rt.on('message:new', (m) => this.sync.offer(m));
    // After a server-side Redis outage live events may have been missed without a disconnect (docs/faults.md).
    rt.on(
      'sync:required',
      () =>
        void this.loadRooms()
          .then(() => this.sync.catchUp())
          .catch(() => undefined),
    );
    rt.on('message:updated', (m) => this.emit('messageUpdated', m));
    rt.on('message:deleted', (m) => {
      this.emit('messageDeleted', m);
      void this.recountUnread(m);
    });
    rt.on('typing', (e) => this.typingTracker.received(e.room_id, e.user_id, e.is_typing));
    rt.on('read', (e) => {
      if (e.user_id === this.me?.id && e.last_read_seq >= (this.sync.head(e.room_id) ?? 0)) this.reads.set(e.room_id, 0);
      this.emit('read', e);
    });
    rt.on('presence', (e) => {
      this.presenceOf.set(e.user_id, e);
      this.emit('presence', e);
    });
    rt.on('room:created', (room) => this.emit('roomCreated', room));
    rt.on('room:updated', (room) => {
      this.emit('roomUpdated', room);
      this.systemMessages(room.id);
    });
    rt.on('room:deleted', ({ room_id }) => {
      this.sync.untrack(room_id);
      this.emit('roomGone', { room_id, code: 'room_deleted' });
    });
    rt.on('member:joined', (e) => {
      this.emit('memberJoined', e);
      this.systemMessages(e.room_id);
    });
    rt.on('member:updated', (e) => this.emit('memberUpdated', e));
    rt.on('report:resolved', (r) => this.emit('reportResolved', r));
    rt.on('invitation:created', (i) => this.emit('invitationCreated', i));
    rt.on('invitation:updated', (i) => this.emit('invitationUpdated', i));
    rt.on('report:created', (r) => this.emit('reportCreated', r));
    rt.on('user:updated', (u) => {
      // My own profile from another device: keep `user` current (the e-mail address stays mine).
      if (u.id === this.me?.id) {
        this.me = { ...this.me, ...u };
        this.emit('user', this.me);
      }
      this.emit('userUpdated', u);
    });
    rt.on('reaction:added', (e) => this.emit('reactionAdded', e));
    rt.on('reaction:removed', (e) => this.emit('reactionRemoved', e));
    rt.on('mention', (e) => this.emit('mention', e));
    rt.on('member:left', (e) => {
      if (e.member.user.id === this.me?.id) {
        this.sync.untrack(e.room_id);
        this.emit('roomGone', { room_id: e.room_id, code: e.reason });
      }
      this.emit('memberLeft', e);
      this.systemMessages(e.room_id);
    });
  }

  /** Joins, leaves and renames write a system message that is not sent live: fetch it. */
  private systemMessages(roomId: string): void {
    this.sync.catchUpRoom(roomId).catch(() => undefined); // the next catch-up retries
  }

  /** A deleted message from someone else may have been unread: Parley's count, not a guess. */
  private async recountUnread(message: Message): Promise<void> {
    if (message.type !== 'text' || message.sender?.id === this.me?.id || this.reads.count(message.room_id) === 0) return;
    const room = await unwrap<Room>(this.rest.GET('/api/v1/rooms/{id}', { params: { path: { id: message.room_id } } })).catch(() => null);
    if (room?.my_role) this.reads.set(room.id, room.unread_count);
  }

  /** After each connect: rooms joined meanwhile, then everything missed; tried again while connected. */
  private async caughtUp(): Promise<void> {
    this.emit('connection', { state: 'connected', caughtUp: false });
    for (let attempt = 0; this.realtime.connected && attempt < 20; attempt += 1) {
      try {
        await this.loadRooms();
        await this.sync.catchUp();
        this.emit('connection', { state: 'connected', caughtUp: true });
        return;
      } catch (error) {
        if (error instanceof ParleyError && error.status === 401) return;
        await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
      }
    }
  }
}
