import type { MessageResponse } from '../../messages/dto/message.response';
import type { MemberResponse } from '../../chat-rooms/dto/member.response';
import type { ReportResponse } from '../../moderation/dto/report.response';

/**
 * Events the domain publishes after a transaction commits. The realtime
 * gateway turns them into socket emits; domain code never touches sockets.
 */
export const DomainEvent = {
  MessageCreated: 'message.created',
  MessageUpdated: 'message.updated',
  MessageDeleted: 'message.deleted',
  ReadUpdated: 'read.updated',
  RoomUpdated: 'room.updated',
  RoomDeleted: 'room.deleted',
  MemberJoined: 'member.joined',
  MemberLeft: 'member.left',
  MemberUpdated: 'member.updated',
  SessionsRevoked: 'auth.sessions_revoked',
  RoomCreated: 'room.created',
  ReportResolved: 'report.resolved',
} as const;

export interface MessageEvent {
  roomId: string;
  message: MessageResponse;
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
}
/** Logins that ended: one (`sessionId`) or all of a user's. Their sockets must go. */
export interface SessionsRevokedEvent {
  userId?: string;
  sessionId?: string;
}

export interface MemberEvent {
  roomId: string;
  member: MemberResponse;
  /** Why a member left: they left, were removed, or were banned. */
  reason?: 'left' | 'removed' | 'banned';
}

/** A report was resolved: its reporters hear the outcome on their own channel. */
export interface ReportResolvedEvent {
  reporterIds: string[];
  report: ReportResponse;
}
