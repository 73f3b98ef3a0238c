import { Injectable, Logger } from '@nestjs/common';
import { RoomAccess, someMembership } from '../rooms/room-access.service';
import { Policy } from '../../core/policy/policy';
import { RoomViews } from '../rooms/room-views';
import { RoomsRepository } from '../rooms/store/rooms.repository';
import {
  MemberEvent,
  MentionEvent,
  MessageEvent,
  ReactionEvent,
  ReadEvent,
  ReportResolvedEvent,
  InvitationEvent,
  InvitationUpdatedEvent,
  MemberLeftEvent,
  ReportCreatedEvent,
  RoomEvent,
  UserUpdatedEvent,
  SessionsRevokedEvent,
} from '../../core/events/domain-events';
import { NEUTRAL_VIEWER } from '../../core/events/neutral-viewer';
import { ChatGateway, userChannel } from './chat.gateway';
import { ChatSocket } from './socket-auth';
import { OnDomainEvent } from '../../core/events/domain-event-bus';
import { Measurements } from '../../core/metrics/measurements';
import type { WireMessage } from '../../core/contracts/wire';
import { asSeenBySender } from '../messages/message-views';

/** The socket events that carry a message. */
type MessageSocketEvent = 'message:new' | 'message:updated' | 'message:deleted';

/**
 * Domain events (published after commit, whatever the transport that caused
 * them) become socket emits, only to sockets allowed to see them: a room's
 * channel holds its members' sockets and permitted watchers.
 */
@Injectable()
export class RealtimeFanout {
  private readonly logger = new Logger(RealtimeFanout.name);

  constructor(
    private readonly gateway: ChatGateway,
    private readonly rooms: RoomsRepository,
    private readonly roomViews: RoomViews,
    private readonly access: RoomAccess,
    private readonly measurements: Measurements,
  ) {}

  private get server() {
    return this.gateway.server;
  }

  @OnDomainEvent('MessageCreated')
  messageCreated({ roomId, message, committedAt }: MessageEvent): void {
    this.emitMessage('message:new', roomId, message);
    if (committedAt !== undefined) this.measurements.record.fanoutLag(Measurements.now() - committedAt);
  }

  @OnDomainEvent('MessageUpdated')
  messageUpdated({ roomId, message }: MessageEvent): void {
    this.emitMessage('message:updated', roomId, message);
  }

  @OnDomainEvent('MessageDeleted')
  messageDeleted({ roomId, message }: MessageEvent): void {
    this.emitMessage('message:deleted', roomId, message);
  }

  /**
   * A visible message to the room's channel; a held or shadowed one (docs/compliance.md) only to its sender's
   * own channel (a shadow as `visible`: they are not told) and to the room's reviewers' ('message.review').
   */
  private emitMessage(event: MessageSocketEvent, roomId: string, message: WireMessage): void {
    if (!this.server) return;
    if ((message.visibility ?? 'visible') === 'visible') {
      this.server.to(roomId).emit(event, message);
      return;
    }
    void this.access.reviewerIds(roomId).then(
      (reviewers) => {
        const senderId = message.sender?.id ?? null;
        if (senderId) this.server.to(userChannel(senderId)).emit(event, asSeenBySender(message));
        const others = reviewers.filter((id) => id !== senderId);
        if (others.length) this.server.to(others.map(userChannel)).emit(event, message);
      },
      (error: unknown) => this.logger.error(`${event} for ${message.id}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  @OnDomainEvent('ReadUpdated')
  read({ roomId, userId, lastReadSeq }: ReadEvent): void {
    this.server?.to(roomId).emit('read', { room_id: roomId, user_id: userId, last_read_seq: lastReadSeq });
  }

  /**
   * A room made private drops its non-member watchers before anything else reaches them. The payload is
   * viewer-neutral (my_role null, unread 0): clients keep their own fields.
   */
  @OnDomainEvent('RoomUpdated', { async: true, promisify: true })
  async roomUpdated({ roomId }: RoomEvent): Promise<void> {
    const room = await this.rooms.findRoom(roomId);
    if (!room || !this.server) return;
    if (room.visibility === 'private') {
      const members = new Set(await this.rooms.memberIds(roomId));
      const watchers = (await this.server.in(roomId).fetchSockets()) as unknown as ChatSocket[];
      for (const socket of watchers) {
        const user = socket.data.user;
        if (!Policy.can(user, 'room.read', { room, membership: someMembership(members.has(user.id)) })) socket.leave(roomId);
      }
    }
    this.server.to(roomId).emit('room:updated', await this.roomViews.one(NEUTRAL_VIEWER, room));
  }

  /**
   * A new room's members (creator and participants), on every device, join its channel at once (before
   * anything can be said in it), then hear `room:created` on their own channels, viewer-neutral.
   */
  @OnDomainEvent('RoomCreated')
  roomCreated({ roomId, memberIds = [] }: RoomEvent): void {
    if (!memberIds.length || !this.server) return;
    this.server.in(memberIds.map(userChannel)).socketsJoin(roomId);
    void this.announceRoom(roomId, memberIds).catch((error: unknown) =>
      this.logger.error(`room:created for ${roomId}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private async announceRoom(roomId: string, memberIds: string[]): Promise<void> {
    const room = await this.rooms.findRoom(roomId);
    if (room) this.server.to(memberIds.map(userChannel)).emit('room:created', await this.roomViews.one(NEUTRAL_VIEWER, room));
  }

  @OnDomainEvent('RoomDeleted')
  roomDeleted({ roomId, memberIds = [], externalId = null }: RoomEvent): void {
    if (!this.server) return;
    this.server.to([roomId, ...memberIds.map(userChannel)]).emit('room:deleted', { room_id: roomId, external_id: externalId });
    this.server.in(roomId).socketsLeave(roomId);
  }

  /** A new member's sockets, on every device, join the room at once. */
  @OnDomainEvent('MemberJoined')
  memberJoined({ roomId, member }: MemberEvent): void {
    if (!this.server) return;
    this.server.in(userChannel(member.user.id)).socketsJoin(roomId);
    this.server.to(roomId).emit('member:joined', { room_id: roomId, member: nobodysView(member) });
  }

  /** The leaver is told too (with why: left, removed, banned), then their sockets leave the room at once. */
  @OnDomainEvent('MemberLeft')
  memberLeft({ roomId, member, reason }: MemberLeftEvent): void {
    this.access.forgetMember(roomId, member.user.id);
    if (!this.server) return;
    this.server.to([roomId, userChannel(member.user.id)]).emit('member:left', { room_id: roomId, member: nobodysView(member), reason });
    this.server.in(userChannel(member.user.id)).socketsLeave(roomId);
  }

  /** To the room as nobody sees the member; a private change (the member's own mute) only to that member's devices. */
  @OnDomainEvent('MemberUpdated')
  memberUpdated({ roomId, member, privateTo }: MemberEvent): void {
    if (privateTo) this.server?.to(userChannel(privateTo)).emit('member:updated', { room_id: roomId, member });
    else this.server?.to(roomId).emit('member:updated', { room_id: roomId, member: nobodysView(member) });
  }

  /** To the invitee's own channel (every device): a badge can count it without a reload. */
  @OnDomainEvent('InvitationCreated')
  invitationCreated({ inviteeId, invitation }: InvitationEvent): void {
    this.server?.to(userChannel(inviteeId)).emit('invitation:created', invitation);
  }

  /** Invitee, inviter and the room's managers (chosen by the service with the policy), each on every device. */
  @OnDomainEvent('InvitationUpdated')
  invitationUpdated({ recipientIds, invitation }: InvitationUpdatedEvent): void {
    if (recipientIds.length) this.server?.to(recipientIds.map(userChannel)).emit('invitation:updated', invitation);
  }

  /** Those who may resolve a new report (chosen by the service with the policy), each on every device. */
  @OnDomainEvent('ReportCreated')
  reportCreated({ moderatorIds, report }: ReportCreatedEvent): void {
    if (moderatorIds.length) this.server?.to(moderatorIds.map(userChannel)).emit('report:created', report);
  }

  /** A profile change: the rooms the user is in (their members and watchers) and the user's own devices. */
  @OnDomainEvent('UserUpdated', { async: true, promisify: true })
  async userUpdated({ user }: UserUpdatedEvent): Promise<void> {
    if (!this.server) return;
    const roomIds = (await this.rooms.roomIdsOfUsers([user.id])).get(user.id) ?? new Set<string>();
    this.server.to([...roomIds, userChannel(user.id)]).emit('user:updated', user);
  }

  /** The reporters of a resolved report hear the outcome on every device. */
  @OnDomainEvent('ReportResolved')
  reportResolved({ reporterIds, report }: ReportResolvedEvent): void {
    if (reporterIds.length) this.server?.to(reporterIds.map(userChannel)).emit('report:resolved', report);
  }

  /** To the mentioned users' own channels (every device), whether or not they muted the room. */
  @OnDomainEvent('Mentioned')
  mentioned({ roomId, message, userIds }: MentionEvent): void {
    this.server?.to(userIds.map(userChannel)).emit('mention', { room_id: roomId, message });
  }

  @OnDomainEvent('ReactionAdded')
  reactionAdded(event: ReactionEvent): void {
    this.server?.to(event.roomId).emit('reaction:added', reactionPayload(event));
  }

  @OnDomainEvent('ReactionRemoved')
  reactionRemoved(event: ReactionEvent): void {
    this.server?.to(event.roomId).emit('reaction:removed', reactionPayload(event));
  }

  /** Logout, password change, deletion, refresh-token reuse: those logins' sockets go. */
  @OnDomainEvent('SessionsRevoked', { async: true, promisify: true })
  async sessionsRevoked({ userId, sessionId }: SessionsRevokedEvent): Promise<void> {
    if (!this.server) return;
    const sockets = (await (userId ? this.server.in(userChannel(userId)) : this.server).fetchSockets()) as unknown as ChatSocket[];
    for (const socket of sockets) {
      if (!sessionId || socket.data.user?.sessionId === sessionId) socket.disconnect(true);
    }
  }
}

/**
 * A member as the room sees it: services render the member for the acting user, who may be that member
 * (joining, leaving) or an admin, and so see the e-mail address and their own notification mute; a room
 * broadcast is nobody's view.
 */
function nobodysView(member: MemberEvent['member']): MemberEvent['member'] {
  const { email: _email, ...user } = member.user;
  return { ...member, user, notifications_muted: false };
}

function reactionPayload({ roomId, messageId, emoji, userId, count }: ReactionEvent) {
  return { room_id: roomId, message_id: messageId, emoji, user_id: userId, count };
}
