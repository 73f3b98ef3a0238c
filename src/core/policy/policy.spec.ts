import { ThrottledError } from '../errors/domain-error';
import type { MembershipFacts, Permission, RoomFacts, RoomRole, UserActor } from './permissions';
import { PERMISSIONS, Policy } from './policy';

const admin: UserActor = { id: 'admin', role: 'admin', userType: 'consumer' };
const agent: UserActor = { id: 'agent', role: 'user', userType: 'support' };
const alice: UserActor = { id: 'alice', role: 'user', userType: 'consumer' };

const NOW = Date.parse('2026-03-01T12:00:00Z');
const room = (over: Partial<RoomFacts> = {}): RoomFacts => ({
  roomType: 'GROUP',
  visibility: 'private',
  posting: 'everyone',
  isActive: true,
  archivedAt: null,
  ...over,
});
const PRIVATE = room();
const PUBLIC = room({ visibility: 'public' });
const SUPPORT = room({ roomType: 'SUPPORT' });
const as = (role: RoomRole, mutedUntil: Date | null = null): MembershipFacts => ({ role, mutedUntil });

/** [who, permission, target, refusal code (null: allowed), refusal detail when it matters]. */
type Row = [string, UserActor, Permission, unknown, string | null, string?];
const ONLY_ADMINS = 'Only global administrators may do this.';

const OTHER_ORG = '00000000-0000-4000-8000-0000000000b2';
/** A global admin of another organization than the default one: that organization's admin, not an operator. */
const orgAdmin = { ...admin, id: 'org-admin', organizationId: OTHER_ORG } as UserActor;
const orgUser = { ...alice, id: 'org-user', organizationId: OTHER_ORG } as UserActor;

const actorRows: Row[] = [
  ['an operator (a global admin of the default organization)', admin, 'organizations.operate', undefined, null],
  ['an organization admin', orgAdmin, 'organizations.operate', undefined, 'permission_denied'],
  ['a user', alice, 'organizations.operate', undefined, 'permission_denied'],
  ['an operator, another organization', admin, 'organizations.manage', { organizationId: OTHER_ORG }, null],
  ['an organization admin, their own', orgAdmin, 'organizations.manage', { organizationId: OTHER_ORG }, null],
  ['an organization admin, another', orgAdmin, 'organizations.manage', { organizationId: 'elsewhere' }, 'not_found', 'Organization not found.'],
  ['a user, their own organization', orgUser, 'organizations.manage', { organizationId: OTHER_ORG }, 'permission_denied'],
  ['a user, another organization', alice, 'organizations.manage', { organizationId: OTHER_ORG }, 'not_found'],
  ['a global admin', admin, 'api_keys.manage', undefined, null],
  ['a user', alice, 'api_keys.manage', undefined, 'permission_denied', ONLY_ADMINS],
  ['a support agent', agent, 'webhooks.manage', undefined, 'permission_denied', ONLY_ADMINS],
  ['a global admin', admin, 'webhooks.manage', undefined, null],
  ['a global admin', admin, 'lti.manage', undefined, null],
  ['a course instructor', alice, 'lti.deep_link', { courseRole: 'admin' }, null],
  ['a course learner', alice, 'lti.deep_link', { courseRole: 'member' }, 'permission_denied', "Only the course's instructors may add Parley to it."],
  ['a user', alice, 'lti.manage', undefined, 'permission_denied', ONLY_ADMINS],
  ['a user', alice, 'notifications.manage', undefined, 'permission_denied', ONLY_ADMINS],
  ['a global admin', admin, 'notifications.manage', undefined, null],
  ['a user', alice, 'audit.read', undefined, 'permission_denied', 'Only global admins may read the audit log.'],
  ['a global admin', admin, 'audit.read', undefined, null],
  ['a user', alice, 'reports.moderate_all', undefined, 'not_found', 'Report not found.'],
  ['a global admin', admin, 'reports.moderate_all', undefined, null],
  ['a user', alice, 'limits.exempt', undefined, 'permission_denied'],
  ['a global admin', admin, 'limits.exempt', undefined, null],
  ['a user', alice, 'rooms.list_support', undefined, 'permission_denied'],
  ['a global admin', admin, 'rooms.list_support', undefined, 'permission_denied'],
  ['a support agent', agent, 'rooms.list_support', undefined, null],
  ['a user, public rooms open', alice, 'rooms.create_public', { adminOnly: false }, null],
  [
    'a user, public rooms for admins',
    alice,
    'rooms.create_public',
    { adminOnly: true },
    'permission_denied',
    'Only administrators may create public rooms.',
  ],
  ['a global admin, public rooms for admins', admin, 'rooms.create_public', { adminOnly: true }, null],
  ['a user', alice, 'users.set_type', undefined, 'permission_denied', "Only an administrator may change a user's type."],
  ['a global admin', admin, 'users.set_type', undefined, null],
  ['a user', alice, 'users.suspend', undefined, 'permission_denied', 'Only global administrators may suspend or reinstate a user.'],
  ['a global admin', admin, 'users.suspend', undefined, null],
  ['a user', alice, 'content_rules.manage', undefined, 'permission_denied', "Only global administrators may manage the deployment's content rules."],
  ['a global admin', admin, 'content_rules.manage', undefined, null],
  ['a user', alice, 'compliance.manage', undefined, 'permission_denied', 'Only global administrators may manage legal holds and compliance exports.'],
  ['a global admin', admin, 'compliance.manage', undefined, null],
  ['a user, themself', alice, 'users.delete', { userId: 'alice' }, null],
  ['a user, another', alice, 'users.delete', { userId: 'bob' }, 'permission_denied', 'Only the user themself or an admin may delete this user.'],
  ['a global admin, another', admin, 'users.delete', { userId: 'bob' }, null],
  ['a user, themself', alice, 'users.export', { userId: 'alice' }, null],
  ['a user, another', alice, 'users.export', { userId: 'bob' }, 'permission_denied', 'Only global admins may export another user.'],
  ['a global admin, another', admin, 'users.export', { userId: 'bob' }, null],
  ['a user, themself', alice, 'users.see_email', { userId: 'alice' }, null],
  ['a user, another', alice, 'users.see_email', { userId: 'bob' }, 'permission_denied'],
  ['a global admin, another', admin, 'users.see_email', { userId: 'bob' }, null],
];

const roomRows: Row[] = [
  ['a stranger, private room', alice, 'room.see', { room: PRIVATE, membership: null }, null],
  // Reading
  ['a member, private room', alice, 'room.read', { room: PRIVATE, membership: as('member') }, null],
  ['a stranger, private room', alice, 'room.read', { room: PRIVATE, membership: null }, 'room_access_denied', 'You do not have access to this room.'],
  ['a stranger, public room', alice, 'room.read', { room: PUBLIC, membership: null }, null],
  ['a banned user, public room', alice, 'room.read', { room: PUBLIC, membership: null, banned: true }, 'banned', 'You are banned from this room.'],
  ['a banned user, private room', alice, 'room.read', { room: PRIVATE, membership: null, banned: true }, 'banned'],
  ['a banned global admin, private room', admin, 'room.read', { room: PRIVATE, membership: null, banned: true }, null],
  ['a support agent, SUPPORT room', agent, 'room.read', { room: SUPPORT, membership: null }, null],
  ['a support agent, private GROUP room', agent, 'room.read', { room: PRIVATE, membership: null }, 'room_access_denied'],
  ['a user, SUPPORT room', alice, 'room.read', { room: SUPPORT, membership: null }, 'room_access_denied'],
  ['a global admin, private room', admin, 'room.read', { room: PRIVATE, membership: null }, null],
  // A reconnecting client's catch-up tells a ban as room_access_denied.
  ['a banned user, public room', alice, 'room.sync', { room: PUBLIC, membership: null, banned: true }, 'room_access_denied'],
  ['a stranger, public room', alice, 'room.sync', { room: PUBLIC, membership: null }, null],
  ['a member, private room', alice, 'room.sync', { room: PRIVATE, membership: as('member') }, null],
  // Membership
  ['a member', alice, 'room.member', { room: PRIVATE, membership: as('member') }, null],
  [
    'a watcher of a public room',
    alice,
    'room.member',
    { room: PUBLIC, membership: null },
    'permission_denied',
    'Only members of this room may do this.',
  ],
  ['a stranger, private room', alice, 'room.member', { room: PRIVATE, membership: null }, 'room_access_denied'],
  ['a banned user, public room', alice, 'room.member', { room: PUBLIC, membership: null, banned: true }, 'banned'],
  ['a global admin, not a member', admin, 'room.member', { room: PRIVATE, membership: null }, 'permission_denied'],
  // Room roles
  ['a member', alice, 'room.manage', { room: PRIVATE, membership: as('member') }, 'permission_denied', 'Only a room owner or admin may do this.'],
  ['a room admin', alice, 'room.manage', { room: PRIVATE, membership: as('admin') }, null],
  ['the owner', alice, 'room.manage', { room: PRIVATE, membership: as('owner') }, null],
  ['a watcher of a public room', alice, 'room.manage', { room: PUBLIC, membership: null }, 'permission_denied'],
  ['a banned user, public room', alice, 'room.manage', { room: PUBLIC, membership: null, banned: true }, 'permission_denied'],
  ['a stranger, private room', alice, 'room.manage', { room: PRIVATE, membership: null }, 'room_access_denied'],
  ['a global admin, not a member', admin, 'room.manage', { room: PRIVATE, membership: null }, null],
  ['a room admin', alice, 'room.own', { room: PRIVATE, membership: as('admin') }, 'permission_denied', 'Only a room owner may do this.'],
  ['the owner', alice, 'room.own', { room: PRIVATE, membership: as('owner') }, null],
  ['a global admin, not a member', admin, 'room.own', { room: PRIVATE, membership: null }, null],
  // Joining
  ['a user, public room', alice, 'room.join', { room: PUBLIC, banned: false, invited: false }, null],
  ['a user, private room', alice, 'room.join', { room: PRIVATE, banned: false, invited: false }, 'room_access_denied'],
  ['an invited user, private room', alice, 'room.join', { room: PRIVATE, banned: false, invited: true }, null],
  ['an invited banned user', alice, 'room.join', { room: PRIVATE, banned: true, invited: true }, 'banned'],
  ['a support agent, SUPPORT room', agent, 'room.join', { room: SUPPORT, banned: false, invited: false }, null],
  ['a global admin, private room', admin, 'room.join', { room: PRIVATE, banned: false, invited: false }, 'room_access_denied'],
  // Changing
  ['anyone, archived room', admin, 'room.change', { room: room({ archivedAt: new Date(NOW) }) }, 'room_archived'],
  ['anyone, live room', alice, 'room.change', { room: PRIVATE }, null],
  // Members
  [
    'a room admin adding an admin',
    alice,
    'member.add',
    { room: PRIVATE, membership: as('admin'), role: 'admin' },
    'permission_denied',
    'Only the room owner may add admins.',
  ],
  ['a room admin adding a member', alice, 'member.add', { room: PRIVATE, membership: as('admin'), role: 'member' }, null],
  ['the owner adding an admin', alice, 'member.add', { room: PRIVATE, membership: as('owner'), role: 'admin' }, null],
  ['a global admin adding an admin', admin, 'member.add', { room: PRIVATE, membership: null, role: 'admin' }, null],
  [
    'a room admin making an owner',
    alice,
    'member.set_role',
    { room: PRIVATE, membership: as('admin'), member: as('member'), to: 'owner' },
    'permission_denied',
    'Only the room owner may transfer ownership.',
  ],
  ['the owner making an owner', alice, 'member.set_role', { room: PRIVATE, membership: as('owner'), member: as('admin'), to: 'owner' }, null],
  [
    'the owner demoting the owner',
    alice,
    'member.set_role',
    { room: PRIVATE, membership: as('owner'), member: as('owner'), to: 'admin' },
    'permission_denied',
    "Transfer ownership before changing the owner's role.",
  ],
  [
    'a room admin demoting an admin',
    alice,
    'member.set_role',
    { room: PRIVATE, membership: as('admin'), member: as('admin'), to: 'member' },
    'permission_denied',
    'Room admins may only change the role of members below them.',
  ],
  ['a room admin promoting a member', alice, 'member.set_role', { room: PRIVATE, membership: as('admin'), member: as('member'), to: 'admin' }, null],
  ['a global admin demoting an admin', admin, 'member.set_role', { room: PRIVATE, membership: null, member: as('admin'), to: 'member' }, null],
  ['a room admin removing a member', alice, 'member.remove', { room: PRIVATE, membership: as('admin'), member: as('member') }, null],
  [
    'a room admin removing an admin',
    alice,
    'member.remove',
    { room: PRIVATE, membership: as('admin'), member: as('admin') },
    'permission_denied',
    'You may only remove members ranked below you.',
  ],
  ['a global admin removing the owner', admin, 'member.remove', { room: PRIVATE, membership: null, member: as('owner') }, null],
  ['the owner muting an admin', alice, 'member.mute', { room: PRIVATE, membership: as('owner'), member: as('admin') }, null],
  [
    'a room admin muting the owner',
    alice,
    'member.mute',
    { room: PRIVATE, membership: as('admin'), member: as('owner') },
    'permission_denied',
    'You may only mute members ranked below you.',
  ],
  // Messages
  ['the sender', alice, 'message.edit', { room: PRIVATE, membership: as('member'), message: { type: 'text', senderId: 'alice' } }, null],
  [
    'another member',
    alice,
    'message.edit',
    { room: PRIVATE, membership: as('owner'), message: { type: 'text', senderId: 'bob' } },
    'permission_denied',
    'Only the sender may edit a message.',
  ],
  [
    'the sender of a system message',
    alice,
    'message.edit',
    { room: PRIVATE, membership: as('member'), message: { type: 'system', senderId: 'alice' } },
    'permission_denied',
  ],
  [
    'the sender, still a member',
    alice,
    'message.delete_own',
    { room: PRIVATE, membership: as('member'), message: { type: 'text', senderId: 'alice' } },
    null,
  ],
  [
    'the sender, no longer a member',
    alice,
    'message.delete_own',
    { room: PUBLIC, membership: null, message: { type: 'text', senderId: 'alice' } },
    'permission_denied',
  ],
  [
    'a member',
    alice,
    'message.delete_any',
    { room: PRIVATE, membership: as('member'), message: { type: 'text', senderId: 'bob' } },
    'permission_denied',
    'Only the sender or a room owner/admin may delete this message.',
  ],
  [
    'a watcher',
    alice,
    'message.delete_any',
    { room: PUBLIC, membership: null, message: { type: 'text', senderId: 'bob' } },
    'permission_denied',
    'You do not have permission to perform this action.',
  ],
  ['a room admin', alice, 'message.delete_any', { room: PRIVATE, membership: as('admin'), message: { type: 'text', senderId: 'bob' } }, null],
  ['a global admin', admin, 'message.delete_any', { room: PRIVATE, membership: null, message: { type: 'text', senderId: 'bob' } }, null],
  ['the sender', alice, 'message.revisions', { room: PRIVATE, membership: as('member'), message: { type: 'text', senderId: 'alice' } }, null],
  [
    'the sender, deleted',
    alice,
    'message.revisions',
    { room: PRIVATE, membership: as('member'), message: { type: 'text', senderId: 'alice', deletedAt: new Date() } },
    'permission_denied',
    "Only the sender or a room owner/admin may see a message's earlier versions.",
  ],
  [
    'another member',
    alice,
    'message.revisions',
    { room: PRIVATE, membership: as('member'), message: { type: 'text', senderId: 'bob' } },
    'permission_denied',
    "Only the sender or a room owner/admin may see a message's earlier versions.",
  ],
  [
    'a room admin, deleted',
    alice,
    'message.revisions',
    { room: PRIVATE, membership: as('admin'), message: { type: 'text', senderId: 'bob', deletedAt: new Date() } },
    null,
  ],
  ['a global admin', admin, 'message.revisions', { room: PUBLIC, membership: null, message: { type: 'text', senderId: 'bob' } }, null],
  [
    'a member, a visible message',
    alice,
    'message.read',
    { room: PRIVATE, membership: as('member'), message: { senderId: 'bob', visibility: 'visible' } },
    null,
  ],
  ['the sender, held', alice, 'message.read', { room: PRIVATE, membership: as('member'), message: { senderId: 'alice', visibility: 'held' } }, null],
  [
    'another member, held',
    alice,
    'message.read',
    { room: PRIVATE, membership: as('member'), message: { senderId: 'bob', visibility: 'held' } },
    'message_not_found',
  ],
  [
    'a watcher, shadowed',
    alice,
    'message.read',
    { room: PUBLIC, membership: null, message: { senderId: 'bob', visibility: 'shadow' } },
    'message_not_found',
  ],
  [
    'a room admin, shadowed',
    alice,
    'message.read',
    { room: PRIVATE, membership: as('admin'), message: { senderId: 'bob', visibility: 'shadow' } },
    null,
  ],
  ['a global admin, held', admin, 'message.read', { room: PRIVATE, membership: null, message: { senderId: 'bob', visibility: 'held' } }, null],
  ['a room owner', alice, 'message.review', { room: PRIVATE, membership: as('owner') }, null],
  ['a global admin', admin, 'message.review', { room: PRIVATE, membership: null }, null],
  [
    'a member',
    alice,
    'message.review',
    { room: PRIVATE, membership: as('member') },
    'permission_denied',
    'Only a room owner or admin may review held messages.',
  ],
  ['an outsider of a public room', alice, 'message.review', { room: PUBLIC, membership: null }, 'room_not_found'],
];

/** The typed entry point, called with rows the table types loosely. */
const ask = (actor: unknown, permission: Permission, target: unknown) =>
  (Policy.refusal as (actor: unknown, permission: Permission, target: unknown) => ReturnType<typeof Policy.refusal>)(actor, permission, target);

describe('Policy', () => {
  const cases = [...actorRows, ...roomRows].map(([who, actor, permission, target, code, detail]) => ({
    who,
    actor,
    permission,
    target,
    code,
    detail,
  }));

  it.each(cases)('$who asking $permission: $code', ({ actor, permission, target, code, detail }) => {
    const refusal = ask(actor, permission, target);
    expect(refusal?.code ?? null).toBe(code);
    if (detail) expect(refusal?.detail).toBe(detail);
    expect((Policy.can as (a: unknown, p: Permission, t: unknown) => boolean)(actor, permission, target)).toBe(code === null);
  });

  it('covers every permission of the vocabulary with a case', () => {
    const covered = new Set<string>([...cases.map((c) => c.permission), 'server_api.call', 'room.post']);
    expect(PERMISSIONS.filter((p) => !covered.has(p))).toEqual([]);
  });

  it('require throws the refusal and returns when allowed', () => {
    expect(() => Policy.require(alice, 'audit.read')).toThrow(expect.objectContaining({ code: 'permission_denied' }));
    expect(Policy.require(admin, 'audit.read')).toBeUndefined();
  });

  describe('API-key scopes', () => {
    const key = { scopes: ['users', 'rooms'] };
    it('allows a scope the key has', () => expect(Policy.refusal(key, 'server_api.call', { scope: 'rooms' })).toBeNull());
    it('refuses a scope it lacks, naming it', () =>
      expect(Policy.refusal(key, 'server_api.call', { scope: 'messages' })).toMatchObject({
        code: 'permission_denied',
        detail: 'This API key lacks the "messages" scope.',
      }));
  });

  describe('room.post (the send statement holds the same rules: test/medium/posting-rules.medium-spec.ts)', () => {
    const clear = { blockedDirect: false, slowModeRemainingMs: 0, now: NOW };
    const post = (r: RoomFacts, m: MembershipFacts, facts = clear) => Policy.refusal(alice, 'room.post', { room: r, membership: m, ...facts });

    it('allows a member when no rule applies', () => expect(post(PRIVATE, as('member'))).toBeNull());

    it('tells the first rule that applies, in the documented order', () => {
      const everything = { blockedDirect: true, slowModeRemainingMs: 5000, now: NOW };
      const muted = as('member', new Date(NOW + 60_000));
      const announcement = room({ posting: 'admins' });
      expect(post(room({ archivedAt: new Date(NOW), posting: 'admins' }), muted, everything)?.code).toBe('room_archived');
      expect(post(announcement, muted, everything)?.code).toBe('member_muted');
      expect(post(announcement, as('member'), everything)?.code).toBe('posting_restricted');
      expect(post(announcement, as('admin'), everything)?.code).toBe('blocked');
      expect(post(PRIVATE, as('member'), { ...clear, slowModeRemainingMs: 5000 })?.code).toBe('slow_mode');
      expect(post(room({ isActive: false }), as('member'))?.code).toBe('room_inactive');
    });

    it('treats a mute that has ended as no mute', () => expect(post(PRIVATE, as('member', new Date(NOW)))).toBeNull());

    it('rounds slow mode up to whole seconds and keeps the milliseconds', () => {
      const refusal = post(PRIVATE, as('member'), { ...clear, slowModeRemainingMs: 1200 });
      expect(refusal).toBeInstanceOf(ThrottledError);
      expect(refusal).toMatchObject({ retryAfterSeconds: 2, retryAfterMs: 1200 });
    });
  });
});
