import { Injectable } from '@nestjs/common';
import { ExternalUsersService } from '../../identity/auth/external/external-users.service';
import { DomainError } from '../../core/errors/domain-error';
import { MessageLog } from '../../conversations/messages/store/message-log';
import { MessageViews } from '../../conversations/messages/message-views';
import { MessagesRepository } from '../../conversations/messages/store/messages.repository';
import { PlatformMessageDto } from './dto/platform.dto';
import { PlatformMessageResponse } from './dto/platform.response';
import { PlatformRoomsService } from './platform-rooms.service';
import { PLATFORM_VIEWER } from './platform-viewer';
import { PlatformRepository } from './store/platform.repository';
import { roomInactive } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { ContentPolicy } from '../../conversations/content-policy/content-policy';
import { ReportFiling } from '../../conversations/moderation/report-filing';

/** Messages the platform posts as its bot user, idempotent by `client_message_id`. */
@Injectable()
export class PlatformMessagesService {
  private botId: Promise<string> | null = null;

  constructor(
    private readonly platformRooms: PlatformRoomsService,
    private readonly platform: PlatformRepository,
    private readonly external: ExternalUsersService,
    private readonly messages: MessagesRepository,
    private readonly log: MessageLog,
    private readonly views: MessageViews,
    private readonly events: DomainEvents,
    private readonly contentPolicy: ContentPolicy,
    private readonly filing: ReportFiling,
  ) {}

  async post(externalRoomId: string, dto: PlatformMessageDto): Promise<PlatformMessageResponse> {
    const roomId = await this.platformRooms.roomIdOf(externalRoomId);
    const senderId = await this.bot();
    const clientMessageId = dto.client_message_id ?? null;
    // The same content rules as members' sends (docs/compliance.md): block answers 422 content_blocked.
    const checked = await this.contentPolicy.check(roomId, dto.content, { senderId, edit: false });
    let writtenId: string | null = null;
    try {
      writtenId = await this.messages.transaction(async (manager) => {
        const [appended] = await this.log.appendMany(manager, [
          { roomId, senderId, type: 'text', content: checked.content, meta: dto.meta, clientMessageId, visibility: checked.visibility },
        ]);
        return appended?.id ?? null;
      });
    } catch (error) {
      const constraint = (error as { driverError?: { constraint?: string } }).driverError?.constraint;
      if (constraint !== 'uq_messages_sender_client_id') throw error; // a concurrent retry won: answer its message
    }
    if (writtenId) {
      const written = (await this.messages.findInRoom(roomId, writtenId))!;
      if (checked.flaggedBy.length) await this.filing.flagged(written, checked.flaggedBy, 0);
      const [, everyone] = await this.views.forViewerAndRoom(PLATFORM_VIEWER, written);
      // A held message reaches the room's moderators only (RealtimeFanout) until approved.
      this.events.publish('MessageCreated', { roomId, message: everyone });
      return { created: true, message: everyone };
    }
    const earlier = clientMessageId ? await this.messages.findByClientId(senderId, clientMessageId) : null;
    if (!earlier) throw roomInactive();
    if (earlier.roomId !== roomId) throw new DomainError('conflict', 'This client_message_id was used for another room.');
    return { created: false, message: await this.views.one(PLATFORM_VIEWER, earlier) };
  }

  /** The platform's bot user, made on first use (an identity of issuer `parley`). */
  private bot(): Promise<string> {
    this.botId ??= this.external
      .upsert('parley', 'platform-bot', { username: 'platform', displayName: 'Platform' })
      .then(({ user }) => user.id)
      .catch((error: unknown) => {
        this.botId = null;
        throw error;
      });
    return this.botId;
  }
}
