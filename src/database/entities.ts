import { Invitation } from '../chat-rooms/entities/invitation.entity';
import { RoomBan } from '../chat-rooms/entities/room-ban.entity';
import { RoomMember } from '../chat-rooms/entities/room-member.entity';
import { Room } from '../chat-rooms/entities/room.entity';
import { Message } from '../messages/entities/message.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { UserSession } from '../auth/entities/user-session.entity';
import { User } from '../users/entities/user.entity';
import { SlowModeMark } from '../chat-rooms/entities/slow-mode-mark.entity';
import { UserBlock } from '../blocks/entities/user-block.entity';
import { Report } from '../moderation/entities/report.entity';
import { AuditEntry } from '../audit/entities/audit-entry.entity';
import { MessageReaction } from '../reactions/entities/message-reaction.entity';
import { MessageMention } from '../mentions/entities/message-mention.entity';
import { Upload } from '../uploads/entities/upload.entity';
import { ApiKey } from '../integrations/entities/api-key.entity';
import { ExternalRoom } from '../integrations/entities/external-room.entity';
import { ExternalIdentity } from '../auth/entities/external-identity.entity';
import { WebhookEndpoint } from '../webhooks/entities/webhook-endpoint.entity';
import { WebhookDelivery } from '../webhooks/entities/webhook-delivery.entity';

/** Every entity, listed so the app, the CLI and Jest load them the same way (no globs). */
export const ENTITIES = [
  User,
  UserSession,
  RefreshToken,
  Room,
  RoomMember,
  RoomBan,
  Invitation,
  Message,
  UserBlock,
  Report,
  AuditEntry,
  SlowModeMark,
  MessageReaction,
  MessageMention,
  Upload,
  ApiKey,
  ExternalRoom,
  ExternalIdentity,
  WebhookEndpoint,
  WebhookDelivery,
];
