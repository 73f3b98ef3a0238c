import type { ServerEventMap, ServerEventName } from '../contracts/socket-events';

/**
 * Every event Parley tells anyone about, written once: its name, whether the
 * domain publishes it in-process after commit (`domain`), the socket event that
 * carries it to clients (`socket`, null when none does) and whether it is a
 * webhook event type (`webhook`). DomainEvent, WEBHOOK_EVENTS and the AsyncAPI
 * check (test/asyncapi.e2e-spec.ts) derive from it, and the compiler holds the
 * socket names equal to the contract's ServerEventMap (below). A webhook body's
 * `data` is the socket payload of the same event (test/event-payloads.e2e-spec.ts).
 *
 * Order matters only for WEBHOOK_EVENTS, whose order the OpenAPI enum shows.
 */
export const EVENT_MAP = {
  MessageCreated: { name: 'message.created', domain: true, socket: 'message:new', webhook: true },
  MessageUpdated: { name: 'message.updated', domain: true, socket: 'message:updated', webhook: true },
  MessageDeleted: { name: 'message.deleted', domain: true, socket: 'message:deleted', webhook: true },
  MemberJoined: { name: 'member.joined', domain: true, socket: 'member:joined', webhook: true },
  MemberLeft: { name: 'member.left', domain: true, socket: 'member:left', webhook: true },
  MemberUpdated: { name: 'member.updated', domain: true, socket: 'member:updated', webhook: true },
  /** To its members' own channels; their sockets join the new room's channel first. */
  RoomCreated: { name: 'room.created', domain: true, socket: 'room:created', webhook: true },
  RoomUpdated: { name: 'room.updated', domain: true, socket: 'room:updated', webhook: true },
  RoomDeleted: { name: 'room.deleted', domain: true, socket: 'room:deleted', webhook: true },
  /** To the invitee's own channel; the webhook's subject is recorded by the database in the inviting transaction (migration WebhookEventsRenderedInApp). */
  InvitationCreated: { name: 'invitation.created', domain: true, socket: 'invitation:created', webhook: true },
  /** To the invitee, the inviter and the room's owners and admins (their own channels); decided by Policy (room.manage). */
  InvitationUpdated: { name: 'invitation.updated', domain: true, socket: 'invitation:updated', webhook: false },
  /** To those who may resolve the report (their own channels), decided by Policy. */
  ReportCreated: { name: 'report.created', domain: true, socket: 'report:created', webhook: false },
  /** To the user's rooms and their own channel. */
  UserUpdated: { name: 'user.updated', domain: true, socket: 'user:updated', webhook: false },
  Mentioned: { name: 'message.mentioned', domain: true, socket: 'mention', webhook: false },
  ReadUpdated: { name: 'read.updated', domain: true, socket: 'read', webhook: false },
  ReportResolved: { name: 'report.resolved', domain: true, socket: 'report:resolved', webhook: false },
  ReactionAdded: { name: 'reaction.added', domain: true, socket: 'reaction:added', webhook: false },
  ReactionRemoved: { name: 'reaction.removed', domain: true, socket: 'reaction:removed', webhook: false },
  /** No socket event: the revoked logins' sockets are disconnected. */
  SessionsRevoked: { name: 'auth.sessions_revoked', domain: true, socket: null, webhook: false },
  /** Socket-only: ephemeral state the gateway sends itself (typing gate, presence, Redis recovery). */
  Typing: { name: 'typing', domain: false, socket: 'typing', webhook: false },
  Presence: { name: 'presence', domain: false, socket: 'presence', webhook: false },
  SyncRequired: { name: 'sync.required', domain: false, socket: 'sync:required', webhook: false },
} as const satisfies Record<string, EventSpec>;

export interface EventSpec {
  name: string;
  domain: boolean;
  socket: ServerEventName | null;
  webhook: boolean;
}

type Map = typeof EVENT_MAP;
export type EventKey = keyof Map;
export type EventName = Map[EventKey]['name'];
type KeysWhere<F extends 'domain' | 'webhook'> = { [K in EventKey]: Map[K][F] extends true ? K : never }[EventKey];
export type DomainEventKey = KeysWhere<'domain'>;
export type DomainEventName = Map[DomainEventKey]['name'];
export type WebhookEventType = Map[KeysWhere<'webhook'>]['name'];
/** The socket event that carries an event, and so the payload its webhook `data` equals. */
export type SocketEventOf<N extends EventName> = Extract<Map[EventKey], { name: N }>['socket'];
export type SocketPayloadOf<N extends EventName> = SocketEventOf<N> extends ServerEventName ? ServerEventMap[SocketEventOf<N>] : never;

// Every socket event of the contract is carried by exactly one entry: a new one in ServerEventMap fails to compile here.
type MappedSocket = NonNullable<Map[EventKey]['socket']>;
type Unmapped = Exclude<ServerEventName, MappedSocket>;
const everySocketEventMapped: [Unmapped] extends [never] ? true : Unmapped = true;
void everySocketEventMapped;

const entries = Object.entries(EVENT_MAP) as [EventKey, EventSpec][];

/** The in-process domain events by their PascalCase key (the emit and @OnEvent names). */
export const DomainEvent = Object.fromEntries(entries.filter(([, e]) => e.domain).map(([key, e]) => [key, e.name])) as {
  readonly [K in DomainEventKey]: Map[K]['name'];
};

/** The webhook event types an endpoint may subscribe to. */
export const WEBHOOK_EVENTS = entries.filter(([, e]) => e.webhook).map(([, e]) => e.name as WebhookEventType);

/** The server -> client socket events, as the AsyncAPI document must list them. */
export const SOCKET_EVENTS = entries.flatMap(([, e]) => (e.socket ? [e.socket] : []));

export function eventSpec(name: EventName): EventSpec {
  return entries.find(([, e]) => e.name === name)![1];
}
