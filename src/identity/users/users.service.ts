import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { Policy } from '../../core/policy/policy';
import { buildPage, Page, resolveWindow } from '../../core/pagination/page';
import { PresenceStore } from '../presence/presence.store';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateMeDto } from './dto/update-me.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { toUserResponse, UserResponse } from './dto/user.response';
import { User } from './store/entities/user.entity';
import { UsersRepository } from './store/users.repository';
import { AuditLog } from '../../core/audit/audit-log';
import { userNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { NEUTRAL_VIEWER } from '../../core/events/neutral-viewer';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly presence: PresenceStore,
    private readonly events: DomainEvents,
    private readonly audit: AuditLog,
  ) {}

  async list(viewer: AuthUser, query: ListUsersQuery, url: URL): Promise<Page<UserResponse>> {
    const search = query.search?.trim() || undefined;
    const count = await this.users.count(search);
    const window = resolveWindow(query, count);
    const rows = await this.users.list({ search, offset: window.offset, limit: window.pageSize });
    const online = await this.presence.onlineAmong(rows.map((u) => u.id));
    return buildPage(
      url,
      window,
      count,
      rows.map((u) => toUserResponse(u, viewer, online.has(u.id))),
    );
  }

  async get(viewer: AuthUser, id: string): Promise<UserResponse> {
    return this.respond(viewer, await this.require(id));
  }

  async updateMe(viewer: AuthUser, dto: UpdateMeDto): Promise<UserResponse> {
    const user = await this.require(viewer.id);
    if (dto.display_name !== undefined) user.displayName = dto.display_name || user.username;
    if (dto.first_name !== undefined) user.firstName = dto.first_name;
    if (dto.last_name !== undefined) user.lastName = dto.last_name;
    const saved = await this.users.save(user);
    const online = await this.presence.isOnline(saved.id);
    this.events.publish('UserUpdated', { user: toUserResponse(saved, NEUTRAL_VIEWER, online) });
    return toUserResponse(saved, viewer, online);
  }

  /** Global admins only; the user's sockets reconnect with the new rights. */
  async update(viewer: AuthUser, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    Policy.require(viewer, 'users.set_type');
    const user = await this.require(id);
    if (user.userType === dto.user_type) return this.respond(viewer, user);
    const from = user.userType;
    await this.users.setUserType(id, dto.user_type, (manager) =>
      this.audit.record(manager, {
        actor: viewer,
        action: 'user.type_changed',
        target: { type: 'user', id, name: user.username },
        details: { from, to: dto.user_type },
      }),
    );
    this.events.publish('SessionsRevoked', { userId: id });
    user.userType = dto.user_type;
    return this.respond(viewer, user);
  }

  /**
   * Self or a global admin. Messages stay with `sender: null` (FK ON DELETE SET NULL), or are
   * tombstoned with `eraseMessages`; logins go with the user. Audited with the user's name as it was.
   */
  async remove(viewer: AuthUser, id: string, eraseMessages = false): Promise<void> {
    const user = await this.require(id);
    Policy.require(viewer, 'users.delete', { userId: id });
    await this.users.remove(id, eraseMessages, (manager) =>
      this.audit.record(manager, {
        actor: viewer.id === id ? null : viewer,
        action: 'user.deleted',
        target: { type: 'user', id, name: user.username },
        details: { erase_messages: eraseMessages, by_self: viewer.id === id },
      }),
    );
    this.events.publish('SessionsRevoked', { userId: id });
  }

  /**
   * Deletion by a provisioning client (SCIM `DELETE`): as `remove` (messages stay with `sender: null`,
   * memberships and logins go), audited with no actor and the client named as the reason.
   */
  async removeByProvisioning(id: string, client: string): Promise<void> {
    const user = await this.require(id);
    await this.users.remove(id, false, (manager) =>
      this.audit.record(manager, {
        actor: null,
        action: 'user.deleted',
        target: { type: 'user', id, name: user.username },
        reason: client,
        details: { erase_messages: false, by_self: false },
      }),
    );
    this.events.publish('SessionsRevoked', { userId: id });
  }

  /** Users with the global role `admin`, as the policy sees them. */
  globalAdmins(): Promise<Pick<User, 'id' | 'role' | 'userType'>[]> {
    return this.users.globalAdmins();
  }

  async require(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw userNotFound();
    return user;
  }

  async respond(viewer: Pick<AuthUser, 'id' | 'role'> | null, user: User): Promise<UserResponse> {
    return toUserResponse(user, viewer, await this.presence.isOnline(user.id));
  }
}
