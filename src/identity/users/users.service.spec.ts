import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { Test } from '@nestjs/testing';
import { AuthUser } from '../../core/auth/auth-user';
import { InMemoryPresenceStore } from '../presence/in-memory-presence.store';
import { PresenceStore } from '../presence/presence.store';
import { User } from './store/entities/user.entity';
import { UsersRepository } from './store/users.repository';
import { UsersService } from './users.service';
import { AuditLog } from '../../core/audit/audit-log';

const user = (id: string, fields: Partial<User> = {}): User =>
  Object.assign(new User(), {
    id,
    username: id,
    email: `${id}@example.com`,
    displayName: id,
    firstName: '',
    lastName: '',
    userType: 'consumer',
    role: 'user',
    lastSeenAt: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...fields,
  });

/** In-memory stand-in for the repository: the service's decisions, not SQL, are under test here. */
class FakeUsers {
  rows = new Map<string, User>([
    ['alice', user('alice')],
    ['bob', user('bob')],
  ]);
  removed: string[] = [];
  async findById(id: string) {
    return this.rows.get(id) ?? null;
  }
  async save(u: User) {
    this.rows.set(u.id, u);
    return u;
  }
  async remove(id: string) {
    this.removed.push(id);
  }
}

describe(UsersService.name, () => {
  let service: UsersService;
  let users: FakeUsers;
  let presence: InMemoryPresenceStore;
  const viewer = (id: string, role: 'user' | 'admin' = 'user'): AuthUser => ({
    id,
    username: id,
    displayName: id,
    role,
    userType: 'consumer',
    sessionId: 's',
  });

  beforeEach(async () => {
    users = new FakeUsers();
    presence = new InMemoryPresenceStore();
    const moduleRef = await Test.createTestingModule({
      providers: [
        UsersService,
        { provide: UsersRepository, useValue: users },
        { provide: PresenceStore, useValue: presence },
        { provide: DomainEvents, useValue: new DomainEvents(new EventEmitter2()) },
        { provide: AuditLog, useValue: { record: async () => undefined } },
      ],
    }).compile();
    service = moduleRef.get(UsersService);
  });

  it('shows email only to the user themself and admins, and the online flag from presence', async () => {
    await presence.connect('alice', 'socket-1');
    await expect(service.get(viewer('bob'), 'alice')).resolves.toEqual(expect.not.objectContaining({ email: expect.anything() }));
    await expect(service.get(viewer('bob'), 'alice')).resolves.toMatchObject({ online: true });
    await expect(service.get(viewer('alice'), 'alice')).resolves.toMatchObject({ email: 'alice@example.com' });
    await expect(service.get(viewer('root', 'admin'), 'bob')).resolves.toMatchObject({ email: 'bob@example.com', online: false });
  });

  it('resets an emptied display name to the username', async () => {
    await expect(service.updateMe(viewer('bob'), { display_name: '' })).resolves.toMatchObject({ display_name: 'bob' });
  });

  it('lets only the user or an admin delete, after checking the user exists', async () => {
    await expect(service.remove(viewer('bob'), 'ghost')).rejects.toMatchObject({ code: 'user_not_found' });
    await expect(service.remove(viewer('bob'), 'alice')).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(service.remove(viewer('root', 'admin'), 'alice')).resolves.toBeUndefined();
    await expect(service.remove(viewer('bob'), 'bob')).resolves.toBeUndefined();
    expect(users.removed).toEqual(['alice', 'bob']);
  });
});
