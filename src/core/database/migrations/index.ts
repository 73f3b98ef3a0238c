import { ChatDomain1795400608676 } from './1795400608676-ChatDomain';
import { InitialSchema1795398235446 } from './1795398235446-InitialSchema';
import { MessageSearchPendingList1795427682217 } from './1795427682217-MessageSearchPendingList';
import { Moderation1795856799733 } from './1795856799733-Moderation';
import { InvitationWithdrawn1795859376546 } from './1795859376546-InvitationWithdrawn';
import { MessageReactions1795859573441 } from './1795859573441-MessageReactions';
import { MessageThreads1795859781961 } from './1795859781961-MessageThreads';
import { MessageMentions1795860049043 } from './1795860049043-MessageMentions';
import { MessagePins1795860322512 } from './1795860322512-MessagePins';
import { MessageSearchLanguage1795860607466 } from './1795860607466-MessageSearchLanguage';
import { Uploads1795862470759 } from './1795862470759-Uploads';
import { Platform1795862238081 } from './1795862238081-Platform';
import { WebhookOutbox1795862238082 } from './1795862238082-WebhookOutbox';
import { WebhookMessageEventsInSend1795867848062 } from './1795867848062-WebhookMessageEventsInSend';
import { RoomsHotUpdates1795890000000 } from './1795890000000-RoomsHotUpdates';
import { ExternalRoleClaimedAt1796611017412 } from './1796611017412-ExternalRoleClaimedAt';
import { UserForeignKeyIndexes1796613256950 } from './1796613256950-UserForeignKeyIndexes';
import { WebhookMessagesRenderedInApp1796700000000 } from './1796700000000-WebhookMessagesRenderedInApp';
import { WebhookEventsRenderedInApp1796700000001 } from './1796700000001-WebhookEventsRenderedInApp';
import { WebhookUnrenderedIndex1796700000002 } from './1796700000002-WebhookUnrenderedIndex';
import { Notifications1796800000000 } from './1796800000000-Notifications';
import { MemberMuteIsPrivate1796800000001 } from './1796800000001-MemberMuteIsPrivate';
import { NotificationPlans1796900000000 } from './1796900000000-NotificationPlans';
import { MemberLeftReason1796900000010 } from './1796900000010-MemberLeftReason';
import { MessageRevisions1796900000030 } from './1796900000030-MessageRevisions';
import { UserSuspensions1796900000031 } from './1796900000031-UserSuspensions';
import { LegalHolds1796900000040 } from './1796900000040-LegalHolds';
import { ComplianceExports1796900000041 } from './1796900000041-ComplianceExports';
import { ContentRules1796900000050 } from './1796900000050-ContentRules';
import { Organizations1796900000100 } from './1796900000100-Organizations';
import { Scim1796900000200 } from './1796900000200-Scim';
import { SignInHandoffs1796900000300 } from './1796900000300-SignInHandoffs';
import { SignInProviders1796900000301 } from './1796900000301-SignInProviders';
import { Lti1796900000400 } from './1796900000400-Lti';
import { OrganizationsRowSecurity1796900000500 } from './1796900000500-OrganizationsRowSecurity';
import { ExternalRoomsPerOrganization1796900000501 } from './1796900000501-ExternalRoomsPerOrganization';
import { OrganizationLegalHolds1796900000700 } from './1796900000700-OrganizationLegalHolds';
import { ComplianceExportHousekeeping1796900000701 } from './1796900000701-ComplianceExportHousekeeping';
import { MessageVisibility1796900000800 } from './1796900000800-MessageVisibility';
import { ComplianceExportSource1796900000850 } from './1796900000850-ComplianceExportSource';
import { MessageSearchUnderRowSecurity1796900001000 } from './1796900001000-MessageSearchUnderRowSecurity';

/** Every migration, in order. `npm run migration:generate` writes a new file: add it here. */
export const MIGRATIONS: Function[] = [
  InitialSchema1795398235446,
  ChatDomain1795400608676,
  MessageSearchPendingList1795427682217,
  Moderation1795856799733,
  InvitationWithdrawn1795859376546,
  MessageReactions1795859573441,
  MessageThreads1795859781961,
  MessageMentions1795860049043,
  MessagePins1795860322512,
  MessageSearchLanguage1795860607466,
  Uploads1795862470759,
  Platform1795862238081,
  WebhookOutbox1795862238082,
  WebhookMessageEventsInSend1795867848062,
  RoomsHotUpdates1795890000000,
  ExternalRoleClaimedAt1796611017412,
  UserForeignKeyIndexes1796613256950,
  WebhookMessagesRenderedInApp1796700000000,
  WebhookEventsRenderedInApp1796700000001,
  WebhookUnrenderedIndex1796700000002,
  Notifications1796800000000,
  MemberMuteIsPrivate1796800000001,
  NotificationPlans1796900000000,
  MemberLeftReason1796900000010,
  MessageRevisions1796900000030,
  UserSuspensions1796900000031,
  LegalHolds1796900000040,
  ComplianceExports1796900000041,
  ContentRules1796900000050,
  Organizations1796900000100,
  Scim1796900000200,
  SignInHandoffs1796900000300,
  SignInProviders1796900000301,
  Lti1796900000400,
  OrganizationsRowSecurity1796900000500,
  ExternalRoomsPerOrganization1796900000501,
  OrganizationLegalHolds1796900000700,
  ComplianceExportHousekeeping1796900000701,
  MessageVisibility1796900000800,
  ComplianceExportSource1796900000850,
  MessageSearchUnderRowSecurity1796900001000,
];
