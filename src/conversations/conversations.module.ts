import { Module } from '@nestjs/common';
import { ClientEvents } from './realtime/client-events';
import { SocketLifecycle } from './realtime/socket-lifecycle';
import { AuthModule } from '../identity/auth/auth.module';
import { BlocksModule } from '../identity/blocks/blocks.module';
import { UsersModule } from '../identity/users/users.module';
import { MentionsController } from './mentions/http/mentions.controller';
import { MentionsService } from './mentions/mentions.service';
import { MentionsRepository } from './mentions/store/mentions.repository';
import { AttachedMessageWriter } from './messages/attached-message-writer';
import { MessagesController } from './messages/http/messages.controller';
import { HeldMessagesController } from './messages/http/held-messages.controller';
import { HeldMessagesService } from './messages/held-messages.service';
import { HeldMessagesRepository } from './messages/store/held-messages.repository';
import { UnreadController } from './messages/http/unread.controller';
import { MessageViews } from './messages/message-views';
import { MessageWriter } from './messages/message-writer';
import { MessageRevisionsService } from './messages/message-revisions.service';
import { MessagesService } from './messages/messages.service';
import { MessageLog } from './messages/store/message-log';
import { MessagesRepository } from './messages/store/messages.repository';
import { AuditService } from './moderation/audit.service';
import { ModerationController } from './moderation/http/moderation.controller';
import { ReportsController } from './moderation/http/reports.controller';
import { ReportsService } from './moderation/reports.service';
import { ReportsRepository } from './moderation/store/reports.repository';
import { ReportFiling } from './moderation/report-filing';
import { ContentPolicy } from './content-policy/content-policy';
import { ContentRulesService } from './content-policy/content-rules.service';
import { ContentRulesController } from './content-policy/http/content-rules.controller';
import { ContentRulesRepository } from './content-policy/store/content-rules.repository';
import { PinsController } from './pins/http/pins.controller';
import { PinsService } from './pins/pins.service';
import { PinsRepository } from './pins/store/pins.repository';
import { ReactionsController } from './reactions/http/reactions.controller';
import { ReactionsService } from './reactions/reactions.service';
import { ReactionsRepository } from './reactions/store/reactions.repository';
import { ChatGateway } from './realtime/chat.gateway';
import { LinkRecovery } from './realtime/link-recovery';
import { RealtimeFanout } from './realtime/realtime-fanout';
import { StreamAdapterLink } from './realtime/stream-adapter-link';
import { TypingService, typingGateProvider } from './realtime/typing.service';
import { BansService } from './rooms/bans.service';
import { BansController } from './rooms/http/bans.controller';
import { InvitationsController } from './rooms/http/invitations.controller';
import { MembersController } from './rooms/http/members.controller';
import { RoomsController } from './rooms/http/rooms.controller';
import { InvitationsService } from './rooms/invitations.service';
import { MembershipService } from './rooms/membership.service';
import { RoomAccess } from './rooms/room-access.service';
import { RoomLimits } from './rooms/room-limits';
import { RoomViews } from './rooms/room-views';
import { RoomsService } from './rooms/rooms.service';
import { RoomsRepository } from './rooms/store/rooms.repository';
import { RoomOpenController } from './room-open/http/room-open.controller';
import { RoomOpenService } from './room-open/room-open.service';
import { InvitationsRepository } from './rooms/store/invitations.repository';
import { SearchController } from './search/http/search.controller';
import { SearchService } from './search/search.service';
import { SearchRepository } from './search/store/search.repository';
import { ThreadsController } from './threads/http/threads.controller';
import { ThreadsService } from './threads/threads.service';
import { AttachmentsService } from './uploads/attachments.service';
import { UploadsController } from './uploads/http/uploads.controller';
import { fileStorageProvider } from './uploads/storage/storage.provider';
import { UploadsRepository } from './uploads/store/uploads.repository';
import { UploadsCleanup } from './uploads/uploads-cleanup.service';
import { UploadsService } from './uploads/uploads.service';

/**
 * The conversations layer as one Nest module: rooms, messages and everything
 * on them, with their HTTP controllers and the socket gateway. One module, so the
 * features of the layer use each other's services without module cycles (and
 * without modules that exist only to break them); the layers above (platform,
 * operations) import it for what it exports.
 */
@Module({
  imports: [AuthModule, UsersModule, BlocksModule],
  controllers: [
    // Rooms, membership, invitations and bans
    RoomsController,
    MembersController,
    InvitationsController,
    BansController,
    // Messages: the send statement, history, edits, reads
    MessagesController,
    HeldMessagesController,
    UnreadController,
    // Opening a room: the room, its newest history and its first members in one request
    RoomOpenController,
    // Uploads and attachments
    UploadsController,
    // Threads, reactions, mentions, pins, search
    ThreadsController,
    ReactionsController,
    MentionsController,
    PinsController,
    SearchController,
    // Moderation: reports and the audit log
    ReportsController,
    ModerationController,
    // Content policy: rules checked before a message is stored
    ContentRulesController,
  ],
  providers: [
    // Rooms, membership, invitations and bans
    RoomsRepository,
    InvitationsRepository,
    RoomAccess,
    RoomLimits,
    RoomViews,
    RoomsService,
    MembershipService,
    InvitationsService,
    BansService,
    // Messages: the send statement, history, edits, reads
    MessageLog,
    MessageWriter,
    AttachedMessageWriter,
    MessagesRepository,
    MessageViews,
    MessagesService,
    MessageRevisionsService,
    RoomOpenService,
    HeldMessagesRepository,
    HeldMessagesService,
    // Uploads and attachments
    UploadsRepository,
    fileStorageProvider,
    UploadsCleanup,
    AttachmentsService,
    UploadsService,
    // Threads, reactions, mentions, pins, search
    ThreadsService,
    ReactionsService,
    ReactionsRepository,
    MentionsService,
    MentionsRepository,
    PinsService,
    PinsRepository,
    SearchService,
    SearchRepository,
    // Moderation: reports and the audit log
    ReportsRepository,
    ReportsService,
    ReportFiling,
    AuditService,
    // Content policy: rules checked before a message is stored
    ContentRulesRepository,
    ContentRulesService,
    ContentPolicy,
    // Realtime: the Socket.IO gateway and the fan-out of domain events
    ChatGateway,
    SocketLifecycle,
    ClientEvents,
    RealtimeFanout,
    TypingService,
    typingGateProvider,
    StreamAdapterLink,
    LinkRecovery,
  ],
  exports: [
    RoomAccess,
    RoomsRepository,
    RoomViews,
    MembershipService,
    InvitationsService,
    MessageLog,
    MessageWriter,
    AttachedMessageWriter,
    MessagesRepository,
    MessageViews,
    MessagesService,
    UploadsRepository,
    fileStorageProvider,
    UploadsCleanup,
    AttachmentsService,
    ContentPolicy,
    ReportFiling,
  ],
})
export class ConversationsModule {}
