export type {
  WireAttachment as Upload,
  WireInvitation as Invitation,
  WireReactionEvent as ReactionEvent,
  WireMember as Member,
  WireMessage as Message,
  WireReadResult as ReadResult,
  WireRoomOpen as OpenedRoom,
  WireReport as Report,
  WireRole as Role,
  WireRoom as Room,
  WireUser as User,
} from '../../../src/core/contracts/wire.js';
export type {
  Ack,
  AckError,
  ClientEventMap,
  MemberEvent,
  MemberLeftEvent,
  MemberLeftReason,
  PresenceEvent,
  ReadEvent,
  ServerEventMap,
  TypingEvent,
} from '../../../src/core/contracts/socket-events.js';

import type { WireUser } from '../../../src/core/contracts/wire.js';

/** What /auth/login, /auth/register and /auth/refresh answer. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  /** Seconds until the access token expires. */
  expires_in: number;
}

export interface AuthResult extends TokenPair {
  user: WireUser;
  token_type: 'Bearer';
}

/** A page-number page (rooms, members, users, invitations). */
export type { WirePage as Page } from '../../../src/core/contracts/wire.js';

/** A history page: `results` ascending by seq; `next` is older (before=), `previous` newer (after=). */
export interface MessagePage<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}

import type { components } from './generated/openapi.js';

/** One earlier version of a message (`version` 0: as sent; n: after n edits), and what replaced it (`edit` or `delete`). */
export type MessageRevision = components['schemas']['MessageRevisionResponse'];

/** A page of a message's earlier versions, newest first; `next` is the older page's address (its `before` query). */
export type MessageRevisionPage = components['schemas']['MessageRevisionPageResponse'];

/** A deployment-wide suspension (`GET/POST /admin/users/{id}/suspension`). */
export type Suspension = components['schemas']['SuspensionResponse'];

/** A content rule (docs/compliance.md): the deployment's (`scope: 'deployment'`) or a room's. */
export type ContentRule = components['schemas']['ContentRuleResponse'];
/** What creating a rule takes: `kind` and `action`, and the fields of its kind. */
export type NewContentRule = components['schemas']['CreateContentRuleDto'];
/** What changing a rule takes (its kind stays). */
export type ContentRuleChanges = components['schemas']['UpdateContentRuleDto'];

/** A page of a room's review queue (held messages, oldest first); `next` is the next page's address (its `after` query). */
export type HeldMessagePage = components['schemas']['HeldMessagePageResponse'];
