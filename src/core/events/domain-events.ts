import type { WireInvitation, WireMember, WireMessage, WireReport, WireUser } from '../contracts/wire';
import type { MemberLeftReason } from '../contracts/socket-events';

/**
 * Events the domain publishes after a transaction commits. The realtime
 * gateway turns them into socket emits; domain code never touches sockets.
 * Their names come from the one event map.
 */
export { DomainEvent } from './event-map';
import type { DomainEventKey } from './event-map';

export interface MessageEvent {
  roomId: string;
  message: WireMessage;
  /** When its batch committed (monotonic seconds, this process), while metrics are on: the fan-out lag is measured from it. */
  committedAt?: number;
}
export interface ReadEvent {
  roomId: string;
  userId: string;
  lastReadSeq: number;
}
export interface RoomEvent {
  roomId: string;
  /** Members at the time of the event (a deleted room has none left to ask). */
  memberIds?: string[];
  /** A deleted room's id in the platform that made it (server API), read in the deleting statement: the cascade removes it. */
  externalId?: string | null;
}
/** Logins that ended: one (`sessionId`) or all of a user's. Their sockets must go. */
export interface SessionsRevokedEvent {
  userId?: string;
  sessionId?: string;
}

export interface MemberEvent {
  roomId: string;
  member: WireMember;
  /** A change only this member may see (their own notification mute): their devices hear it, the room does not. */
  privateTo?: string;
}

/** A member is gone: they left, were removed, or were banned. */
export interface MemberLeftEvent extends MemberEvent {
  reason: MemberLeftReason;
}

/** An invitation was made: its invitee hears it on their own channel, rendered for nobody in particular. */
export interface InvitationEvent {
  inviteeId: string;
  invitation: WireInvitation;
}

/** An invitation was answered or withdrawn: `recipientIds` (invitee, inviter, the room's owners and admins) hear it on their own channels. */
export interface InvitationUpdatedEvent {
  recipientIds: string[];
  invitation: WireInvitation;
}

/** A new report: `moderatorIds` (those the policy lets resolve it) hear the moderator's view on their own channels. */
export interface ReportCreatedEvent {
  moderatorIds: string[];
  report: WireReport;
}

/** A user changed their profile: their rooms and their own devices hear the neutral view. */
export interface UserUpdatedEvent {
  user: WireUser;
}

/** A report was resolved: its reporters hear the outcome on their own channel. */
export interface ReportResolvedEvent {
  reporterIds: string[];
  report: WireReport;
}

/** A reaction added or removed; `count` is the emoji's count after the change. */
export interface ReactionEvent {
  roomId: string;
  messageId: string;
  emoji: string;
  userId: string;
  count: number;
}

/** Members a new message mentions (the sender never): each hears it on their own channel, muted or not. */
export interface MentionEvent {
  roomId: string;
  message: WireMessage;
  userIds: string[];
}

/** Each domain event's payload, by its key in the event map: `DomainEvents.publish` and `@OnDomainEvent` take their types from here. */
export interface DomainEventPayloads {
  MessageCreated: MessageEvent;
  MessageUpdated: MessageEvent;
  MessageDeleted: MessageEvent;
  MemberJoined: MemberEvent;
  MemberLeft: MemberLeftEvent;
  MemberUpdated: MemberEvent;
  RoomCreated: RoomEvent;
  RoomUpdated: RoomEvent;
  RoomDeleted: RoomEvent;
  InvitationCreated: InvitationEvent;
  InvitationUpdated: InvitationUpdatedEvent;
  ReportCreated: ReportCreatedEvent;
  UserUpdated: UserUpdatedEvent;
  Mentioned: MentionEvent;
  ReadUpdated: ReadEvent;
  ReportResolved: ReportResolvedEvent;
  ReactionAdded: ReactionEvent;
  ReactionRemoved: ReactionEvent;
  SessionsRevoked: SessionsRevokedEvent;
}

// Every domain event in the map has exactly one payload here, and nothing else does.
type Missing = Exclude<DomainEventKey, keyof DomainEventPayloads>;
type Extra = Exclude<keyof DomainEventPayloads, DomainEventKey>;
const payloadsMatchTheMap: [Missing | Extra] extends [never] ? true : Missing | Extra = true;
void payloadsMatchTheMap;
