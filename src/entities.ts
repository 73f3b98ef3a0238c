import { Invitation } from './conversations/rooms/store/entities/invitation.entity';
import { RoomBan } from './conversations/rooms/store/entities/room-ban.entity';
import { RoomMember } from './conversations/rooms/store/entities/room-member.entity';
import { Room } from './conversations/rooms/store/entities/room.entity';
import { Message } from './conversations/messages/store/entities/message.entity';
import { MessageRevision } from './conversations/messages/store/entities/message-revision.entity';
import { UserSuspension } from './identity/auth/store/entities/user-suspension.entity';
import { LegalHold } from './operations/legal-holds/store/entities/legal-hold.entity';
import { LegalHoldUser } from './operations/legal-holds/store/entities/legal-hold-user.entity';
import { LegalHoldRoom } from './operations/legal-holds/store/entities/legal-hold-room.entity';
import { LegalHoldMessage } from './operations/legal-holds/store/entities/legal-hold-message.entity';
import { ComplianceExport } from './operations/compliance-export/store/entities/compliance-export.entity';
import { RefreshToken } from './identity/auth/store/entities/refresh-token.entity';
import { UserSession } from './identity/auth/store/entities/user-session.entity';
import { User } from './identity/users/store/entities/user.entity';
import { SlowModeMark } from './conversations/rooms/store/entities/slow-mode-mark.entity';
import { UserBlock } from './identity/blocks/store/entities/user-block.entity';
import { Report } from './conversations/moderation/store/entities/report.entity';
import { ContentRule } from './conversations/content-policy/store/entities/content-rule.entity';
import { AuditEntry } from './core/audit/store/entities/audit-entry.entity';
import { SignInHandoffRow } from './identity/sign-in/store/entities/sign-in-handoff.entity';
import { SignInProvider } from './identity/sign-in/store/entities/sign-in-provider.entity';
import { SignInRequest } from './identity/sign-in/store/entities/sign-in-request.entity';
import { SignInIdpSession } from './identity/sign-in/store/entities/sign-in-idp-session.entity';
import { SignInReplay } from './identity/sign-in/store/entities/sign-in-replay.entity';
import { MessageReaction } from './conversations/reactions/store/entities/message-reaction.entity';
import { MessageMention } from './conversations/mentions/store/entities/message-mention.entity';
import { Upload } from './conversations/uploads/store/entities/upload.entity';
import { ApiKey } from './platform/integrations/store/entities/api-key.entity';
import { LtiToolKey } from './platform/lti/store/entities/lti-tool-key.entity';
import { LtiPlatform } from './platform/lti/store/entities/lti-platform.entity';
import { LtiLaunchState } from './platform/lti/store/entities/lti-launch-state.entity';
import { LtiContext } from './platform/lti/store/entities/lti-context.entity';
import { ExternalRoom } from './platform/integrations/store/entities/external-room.entity';
import { ScimUser } from './platform/scim/store/entities/scim-user.entity';
import { ScimGroup } from './platform/scim/store/entities/scim-group.entity';
import { ExternalIdentity } from './identity/auth/store/entities/external-identity.entity';
import { WebhookEndpoint } from './platform/webhooks/store/entities/webhook-endpoint.entity';
import { WebhookDelivery } from './platform/webhooks/store/entities/webhook-delivery.entity';
import { NotificationDevice } from './platform/notifications/store/entities/notification-device.entity';
import { NotificationSettings } from './platform/notifications/store/entities/notification-settings.entity';
import { NotificationRoomSetting } from './platform/notifications/store/entities/notification-room-setting.entity';
import { Notification } from './platform/notifications/store/entities/notification.entity';
import { Organization } from './core/organizations/store/entities/organization.entity';
import { NotificationPlan } from './platform/notifications/store/entities/notification-plan.entity';

/** Every entity, listed so the app, the CLI and Jest load them the same way (no globs). */
export const ENTITIES = [
  Organization,
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
  ContentRule,
  AuditEntry,
  SlowModeMark,
  MessageReaction,
  MessageMention,
  Upload,
  ApiKey,
  LtiToolKey,
  LtiPlatform,
  LtiLaunchState,
  LtiContext,
  ExternalRoom,
  ScimUser,
  ScimGroup,
  ExternalIdentity,
  WebhookEndpoint,
  WebhookDelivery,
  NotificationDevice,
  NotificationSettings,
  NotificationRoomSetting,
  Notification,
  NotificationPlan,
  MessageRevision,
  UserSuspension,
  LegalHold,
  LegalHoldUser,
  LegalHoldRoom,
  LegalHoldMessage,
  ComplianceExport,
  SignInHandoffRow,
  SignInProvider,
  SignInRequest,
  SignInIdpSession,
  SignInReplay,
];
