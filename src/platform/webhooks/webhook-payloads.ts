import { Injectable } from '@nestjs/common';
import { InvitationsService } from '../../conversations/rooms/invitations.service';
import { RoomViews } from '../../conversations/rooms/room-views';
import { RoomMember } from '../../conversations/rooms/store/entities/room-member.entity';
import { NEUTRAL_VIEWER } from '../../core/events/neutral-viewer';
import { OrganizationScope } from '../../core/database/organization-scope';
import { MessageViews } from '../../conversations/messages/message-views';
import { MessagesRepository } from '../../conversations/messages/store/messages.repository';
import { MemberRow, WebhookSubject } from './store/entities/webhook-delivery.entity';
import { ClaimedDelivery, WebhooksRepository } from './store/webhooks.repository';

type Views = Map<string, unknown>;
const uniq = (ids: (string | undefined)[]) => [...new Set(ids.filter((id): id is string => !!id))];

/**
 * Renders the bodies of outbox rows that record only what an event is about
 * (`subject`), with the views the socket payloads use and for the viewer the
 * socket fan-out uses (NEUTRAL_VIEWER), so a webhook's `data` is the socket
 * payload of the same event (or, for invitation.created, the REST view).
 * Rendered right after the change commits (WebhookRenderer), else at the first
 * attempt, and kept for every retry; a membership renders as it was at the
 * event. What is gone by then renders as `{id, deleted: true}`.
 */
@Injectable()
export class WebhookPayloads {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly messageViews: MessageViews,
    private readonly roomViews: RoomViews,
    private readonly invitations: InvitationsService,
    private readonly repo: WebhooksRepository,
  ) {}

  /**
   * Bodies by delivery id, for the claimed deliveries that have none yet: each organization's in that
   * organization (the worker claims in system scope), so a body shows only what its organization sees.
   */
  async render(claimed: ClaimedDelivery[]): Promise<Map<string, Record<string, unknown>>> {
    const byOrganization = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) if (d.payload === null) byOrganization.set(d.organization_id, [...(byOrganization.get(d.organization_id) ?? []), d]);
    const bodies = new Map<string, Record<string, unknown>>();
    for (const [organizationId, deliveries] of byOrganization) {
      const rendered = await OrganizationScope.run(organizationId, () => this.renderIn(deliveries));
      for (const [id, body] of rendered) bodies.set(id, body);
    }
    return bodies;
  }

  private async renderIn(unrendered: ClaimedDelivery[]): Promise<Map<string, Record<string, unknown>>> {
    const subjects = unrendered.map((d) => ({ type: d.event_type, ...(d.subject ?? {}) }));
    const [messages, members, rooms, invitations] = await Promise.all([
      this.messagesById(uniq(subjects.map((s) => s.message_id))),
      this.membersOf(unrendered),
      this.roomsById(uniq(subjects.map((s) => (s.type === 'room.deleted' ? undefined : s.room_id)))),
      this.invitationsById(uniq(subjects.map((s) => s.invitation_id))),
    ]);
    const bodies = new Map<string, Record<string, unknown>>();
    for (const d of unrendered) {
      const s: WebhookSubject = d.subject ?? {};
      let data: unknown;
      if (d.event_type === 'room.deleted') data = { room_id: s.room_id, external_id: s.external_id ?? null };
      else if (s.member) data = members.get(d.id);
      else if (s.invitation_id) data = invitations.get(s.invitation_id) ?? gone(s.invitation_id);
      else if (s.room_id) data = rooms.get(s.room_id) ?? gone(s.room_id);
      // A message removed by retention before its first attempt: all there is left to say.
      else data = messages.get(s.message_id ?? '') ?? gone(s.message_id ?? null);
      bodies.set(d.id, { type: d.event_type, organization_id: d.organization_id, timestamp: new Date(d.created_at).toISOString(), data });
    }
    return bodies;
  }

  private async messagesById(ids: string[]): Promise<Views> {
    const rows = await this.messages.findByIds(ids);
    return new Map(await Promise.all(rows.map(async (m) => [m.id, await this.messageViews.forRoom(m)] as const)));
  }

  /** `{room_id, member}` by delivery id, from the membership recorded at the event and the user now. */
  private async membersOf(deliveries: ClaimedDelivery[]): Promise<Views> {
    const rows = deliveries.flatMap((d) => (d.subject?.member ? [[d.id, d.subject.member] as const] : []));
    const users = await this.repo.usersByIds(uniq(rows.map(([, m]) => m.user_id)));
    const present = rows.filter(([, m]) => users.has(m.user_id));
    const views = await this.roomViews.members(
      NEUTRAL_VIEWER,
      present.map(([, m]) => toRoomMember(m, users)),
    );
    const reasons = new Map(deliveries.map((d) => [d.id, d.event_type === 'member.left' ? { reason: d.subject?.reason ?? 'removed' } : {}]));
    const byDelivery: Views = new Map(present.map(([id, m], i) => [id, { room_id: m.room_id, member: views[i], ...reasons.get(id) }]));
    // Deleted with its user (the cascade of a user's deletion): only the ids are left.
    for (const [id, m] of rows)
      if (!users.has(m.user_id)) byDelivery.set(id, { room_id: m.room_id, member: { user: gone(m.user_id) }, ...reasons.get(id) });
    return byDelivery;
  }

  private async roomsById(ids: string[]): Promise<Views> {
    const rooms = await this.repo.roomsByIds(ids);
    const views = await this.roomViews.many(NEUTRAL_VIEWER, rooms);
    return new Map(views.map((r) => [r.id, r]));
  }

  private async invitationsById(ids: string[]): Promise<Views> {
    const views = await this.invitations.respond(NEUTRAL_VIEWER, ids);
    return new Map(views.map((i) => [i.id, i]));
  }
}

function gone(id: string | null) {
  return { id, deleted: true };
}

function toRoomMember(row: MemberRow, users: Map<string, RoomMember['user']>): RoomMember {
  return {
    roomId: row.room_id,
    userId: row.user_id,
    user: users.get(row.user_id),
    role: row.role,
    lastReadSeq: Number(row.last_read_seq),
    notificationsMuted: row.notifications_muted,
    joinedAt: new Date(row.joined_at),
    mutedUntil: row.muted_until ? new Date(row.muted_until) : null,
  };
}
