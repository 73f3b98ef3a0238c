import type { AuthUser } from '../auth/auth-user';

/**
 * The permission vocabulary: every authorisation decision Parley makes, by
 * name, with who asks (the actor) and what about (the target). Targets are
 * typed by the facts the rule reads, so core names rooms and messages without
 * importing the features that own them; a feature's entities fit these shapes.
 */

/** A signed-in user as the rules see them. */
export type UserActor = Pick<AuthUser, 'id' | 'role' | 'userType'>;
/** A signed-in user with the organization they act in (the organizations' administration). */
export type OrganizationActor = UserActor & Pick<AuthUser, 'organizationId'>;
/** A platform's API key (the server API): it may do what its scopes say. */
export interface ApiKeyActor {
  scopes: readonly string[];
}

export type RoomRole = 'owner' | 'admin' | 'member';

/** What the room rules read of a room. */
export interface RoomFacts {
  roomType: string;
  visibility: 'public' | 'private';
  posting: 'everyone' | 'admins';
  isActive: boolean;
  archivedAt: Date | null;
}

/** What the room rules read of the caller's membership (null: not a member). */
export interface MembershipFacts {
  role: RoomRole;
  mutedUntil?: Date | null;
}

/** A room with the caller's membership, and whether the caller is banned from it (as RoomAccess loads them). */
export interface RoomTarget {
  room: RoomFacts;
  membership: MembershipFacts | null;
  banned?: boolean;
}

/** Another member the caller acts on. */
export type MemberTarget = RoomTarget & { member: { role: RoomRole } };

/** A message in a room the caller acts on. */
export type MessageTarget = RoomTarget & { message: { type: string; senderId: string | null; deletedAt?: Date | null } };

/** Who sees a message: `visible` to every reader of the room, `held` and `shadow` to fewer (docs/compliance.md). */
export type MessageVisibilityFacts = 'visible' | 'held' | 'shadow';
/** A message the caller reads, with its visibility. */
export type ReadMessageTarget = RoomTarget & { message: { senderId: string | null; visibility: MessageVisibilityFacts } };

/** What a send is judged on beyond the room and the membership (read by the caller, as the send statement reads them). */
export type PostingTarget = { room: RoomFacts; membership: MembershipFacts } & {
  blockedDirect: boolean;
  slowModeRemainingMs: number;
  /** Defaults to the clock. */
  now?: number;
};

/** Permission name -> who may ask and what the target is. `void`: no target. */
export interface Permissions {
  // The deployment, decided on the actor alone.
  'api_keys.manage': { actor: UserActor; target: void };
  'webhooks.manage': { actor: UserActor; target: void };
  'lti.manage': { actor: UserActor; target: void };
  /** LTI Deep Linking (docs/lti.md): placing a room in a course, by the course role the launch carries. */
  'lti.deep_link': { actor: UserActor; target: { courseRole: RoomRole } };
  /** The notification outbox's dead letters (list, requeue). */
  'notifications.manage': { actor: UserActor; target: void };
  'audit.read': { actor: UserActor; target: void };
  'reports.moderate_all': { actor: UserActor; target: void };
  'limits.exempt': { actor: UserActor; target: void };
  'rooms.list_support': { actor: UserActor; target: void };
  'rooms.create_public': { actor: UserActor; target: { adminOnly: boolean } };
  'users.set_type': { actor: UserActor; target: void };
  /** Deployment-wide suspension and its lifting. */
  'users.suspend': { actor: UserActor; target: void };
  /** The deployment's content rules (docs/compliance.md); a room's rules are `room.manage`. */
  'content_rules.manage': { actor: UserActor; target: void };
  /** Legal holds and compliance exports (docs/compliance.md). */
  'compliance.manage': { actor: UserActor; target: void };
  'users.delete': { actor: UserActor; target: { userId: string } };
  'users.export': { actor: UserActor; target: { userId: string } };
  /** Views render for a viewer that may be only an id and a role (the platform's server API renders as an admin). */
  'users.see_email': { actor: Pick<UserActor, 'id' | 'role'>; target: { userId: string } };
  'server_api.call': { actor: ApiKeyActor; target: { scope: string } };
  /** Create and list organizations: the deployment's operators (docs/organizations.md). */
  'organizations.operate': { actor: OrganizationActor; target: void };
  /** Read and change one organization's settings: operators, and that organization's admins. */
  'organizations.manage': { actor: OrganizationActor; target: { organizationId: string } };
  // A room, decided on the room and the caller's membership.
  'room.see': { actor: UserActor; target: RoomTarget };
  'room.read': { actor: UserActor; target: RoomTarget };
  'room.sync': { actor: UserActor; target: RoomTarget };
  'room.member': { actor: UserActor; target: RoomTarget };
  'room.manage': { actor: UserActor; target: RoomTarget };
  'room.own': { actor: UserActor; target: RoomTarget };
  'room.join': { actor: UserActor; target: { room: RoomFacts; banned: boolean; invited: boolean } };
  'room.change': { actor: UserActor; target: { room: RoomFacts } };
  'room.post': { actor: UserActor; target: PostingTarget };
  'member.add': { actor: UserActor; target: RoomTarget & { role: RoomRole } };
  'member.set_role': { actor: UserActor; target: MemberTarget & { to: RoomRole } };
  'member.remove': { actor: UserActor; target: MemberTarget };
  'member.mute': { actor: UserActor; target: MemberTarget };
  'message.edit': { actor: UserActor; target: MessageTarget };
  'message.delete_own': { actor: UserActor; target: MessageTarget };
  'message.delete_any': { actor: UserActor; target: MessageTarget };
  /** A message's earlier versions (edit history, a deleted message's content). */
  'message.revisions': { actor: UserActor; target: MessageTarget };
  /** Seeing one message of a room the caller may read: a held or shadowed one only its sender and the room's reviewers. */
  'message.read': { actor: UserActor; target: ReadMessageTarget };
  /** Reviewing the room's held messages (list, approve, reject) and seeing held and shadowed messages. */
  'message.review': { actor: UserActor; target: RoomTarget };
}

export type Permission = keyof Permissions;
export type ActorOf<P extends Permission> = Permissions[P]['actor'];
export type TargetOf<P extends Permission> = Permissions[P]['target'];
/** The permissions decided on a room (what `@RoomRoute` and the socket events ask for). */
export type RoomPermission = 'room.see' | 'room.read' | 'room.member' | 'room.manage' | 'room.own' | 'message.review';
