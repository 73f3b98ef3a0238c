import { Injectable } from '@nestjs/common';
import { newId } from '../../core/database/uuid';
import { preconditionFailed } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { ExternalUsersService, usernameBase } from '../../identity/auth/external/external-users.service';
import { PasswordHasher } from '../../identity/auth/password-hasher.service';
import { ExternalIdentitiesRepository } from '../../identity/auth/store/external-identities.repository';
import { SuspensionsService } from '../../identity/auth/suspensions.service';
import { UsersService } from '../../identity/users/users.service';
import type { User } from '../../identity/users/store/entities/user.entity';
import type { ApiKey } from '../integrations/store/entities/api-key.entity';
import { ScimError } from './scim-error';
import { applyPatch, LIST_SCHEMA, paging, parseFilter, readUser } from './scim-input';
import { toScimUser, versionOf } from './scim-views';
import { ScimRepository, ScimUserRow } from './store/scim.repository';
import { RosterService } from '../integrations/roster.service';
import { OrganizationSettingsReader } from '../../core/organizations/organization-settings';

/** The suspension reason of a SCIM deactivation; reactivation lifts only a suspension with this reason. */
export const SCIM_DEACTIVATION = 'Deactivated by the SCIM provisioning client (active: false)';

type Json = Record<string, unknown>;

/** What a User body says, in Parley's terms. */
interface UserInput {
  userName: string;
  externalId: string | null;
  displayName: string;
  firstName: string;
  lastName: string;
  email: string | undefined;
  active: boolean | undefined;
  password: string | undefined;
}

export interface ListQuery {
  filter?: string;
  startIndex?: string;
  count?: string;
}

/** Whether an If-Match header names `version` (or is `*`); weak and strong forms compare alike. */
export function ifMatchHolds(ifMatch: string | undefined, version: string): boolean {
  if (ifMatch === undefined) return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(version));
}

/**
 * SCIM Users (RFC 7644) of the API key's organization: the users SCIM provisioned, made with
 * the just-in-time user's rules (ExternalUsersService), `active: false` a suspension
 * (SuspensionsService: every login ended, the sockets closed after commit), DELETE the
 * account's deletion (UsersService). docs/scim.md.
 */
@Injectable()
export class ScimUsersService {
  constructor(
    private readonly scim: ScimRepository,
    private readonly identities: ExternalIdentitiesRepository,
    private readonly external: ExternalUsersService,
    private readonly suspensions: SuspensionsService,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly events: DomainEvents,
    private readonly roster: RosterService,
    private readonly settings: OrganizationSettingsReader,
  ) {}

  async list(query: ListQuery, base: string): Promise<Json> {
    const filter = parseFilter(query.filter);
    const { offset, limit, startIndex } = paging(query.startIndex, query.count);
    const { rows, total } = await this.scim.usersPage(filter, offset, limit);
    return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: rows.map((r) => toScimUser(r, base)) };
  }

  async get(id: string, base: string): Promise<Json> {
    return toScimUser(await this.require(id), base);
  }

  async create(body: unknown, base: string): Promise<Json> {
    const input = inputOf(readUser(body));
    if (await this.scim.userNameTaken(input.userName, null)) throw ScimError.uniqueness(`userName "${input.userName}" is taken.`);
    const id = newId();
    const username = await this.external.freeUsername(usernameBase(input.userName.split('@')[0], id));
    const email = await this.external.usableEmail(input.email);
    const passwordHash = input.password ? await this.hasher.hash(input.password) : '';
    await this.scim.transaction(async (manager) => {
      await this.identities.insertUser(manager, {
        id,
        username,
        email: email ?? `${id}@users.invalid`,
        passwordHash,
        displayName: input.displayName,
        firstName: input.firstName,
        lastName: input.lastName,
        userType: 'consumer',
        role: 'user',
      });
      await this.scim.insertUser(manager, { userId: id, userName: input.userName, externalId: input.externalId });
      if (input.active === false) await this.suspensions.suspendByProvisioning(manager, { id, username }, SCIM_DEACTIVATION);
    });
    return this.get(id, base);
  }

  /** PUT (Okta): the whole resource; `active` and `password` left out stay as they are. */
  async replace(id: string, body: unknown, ifMatch: string | undefined, base: string): Promise<Json> {
    await this.write(id, inputOf(readUser(body)), ifMatch);
    return this.get(id, base);
  }

  /** PATCH (Entra ID): the operations applied by scimmy to the resource as it is, then written as a PUT of the result. */
  async patch(id: string, body: unknown, ifMatch: string | undefined, base: string): Promise<Json> {
    const { meta: _meta, ...current } = toScimUser(await this.require(id), base);
    const patched = readUser(await applyPatch('User', current, body));
    await this.write(id, inputOf(patched), ifMatch);
    return this.get(id, base);
  }

  async remove(id: string, ifMatch: string | undefined, key: ApiKey): Promise<void> {
    const row = await this.require(id);
    if (!ifMatchHolds(ifMatch, versionOf(toScimUser(row, '')))) throw preconditionFailed();
    await this.users.removeByProvisioning(id, `SCIM provisioning client ${key.prefix} (${key.name})`);
  }

  private async write(id: string, input: UserInput, ifMatch: string | undefined): Promise<void> {
    const email = input.email ? await this.external.usableEmail(input.email, id) : undefined;
    const passwordHash = input.password ? await this.hasher.hash(input.password) : undefined;
    const leaveRooms = input.active === false && (await this.settings.current()).scim_deactivation === 'leave_rooms';
    let published: () => Promise<void> = async () => undefined;
    const revoked = await this.scim.transaction(async (manager) => {
      if (!(await this.scim.lockUser(manager, id))) throw ScimError.notFound('User', id);
      const current = (await this.scim.findUser(id, manager))!;
      // The version of the resource as the client last read it: the location does not change it.
      if (!ifMatchHolds(ifMatch, versionOf(toScimUser(current, '')))) throw preconditionFailed();
      if (await this.scim.userNameTaken(input.userName, id, manager)) throw ScimError.uniqueness(`userName "${input.userName}" is taken.`);
      await this.scim.updateUser(manager, { userId: id, userName: input.userName, externalId: input.externalId });
      const changes: Partial<User> = { displayName: input.displayName, firstName: input.firstName, lastName: input.lastName };
      if (email) changes.email = email;
      if (passwordHash) changes.passwordHash = passwordHash;
      await this.identities.updateProfile(manager, id, changes);
      const user = { id, username: current.username };
      if (input.active === false && current.active) {
        // The organization's policy (settings.scim_deactivation): leaving every room commits with the suspension.
        if (leaveRooms) published = await this.roster.removeEverywhere(manager, id);
        return this.suspensions.suspendByProvisioning(manager, user, SCIM_DEACTIVATION);
      }
      if (input.active === true && !current.active) await this.suspensions.liftByProvisioning(manager, user, SCIM_DEACTIVATION);
      return false;
    });
    // After commit, as suspension does: the user's sockets are disconnected (realtime-fanout).
    if (revoked) this.events.publish('SessionsRevoked', { userId: id });
    await published();
  }

  private async require(id: string): Promise<ScimUserRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.scim.findUser(id.toLowerCase()) : null;
    if (!row) throw ScimError.notFound('User', id);
    return row;
  }
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function inputOf(user: Json & { password?: string }): UserInput {
  const userName = typeof user.userName === 'string' ? user.userName.trim() : '';
  if (!userName || userName.length > 254) throw ScimError.invalidValue('userName is required (at most 254 characters).');
  const externalId = typeof user.externalId === 'string' && user.externalId !== '' ? user.externalId : null;
  if (externalId !== null && externalId.length > 255) throw ScimError.invalidValue('externalId has at most 255 characters.');
  const name = (user.name ?? {}) as Json;
  const firstName = text(name.givenName, 150);
  const lastName = text(name.familyName, 150);
  const emails = Array.isArray(user.emails) ? (user.emails as Json[]) : [];
  const email = (emails.find((e) => e.primary === true) ?? emails[0])?.value;
  const displayName = text(user.displayName, 150) || text(name.formatted, 150) || `${firstName} ${lastName}`.trim() || userName.slice(0, 150);
  return {
    userName,
    externalId,
    displayName,
    firstName,
    lastName,
    email: typeof email === 'string' ? email : undefined,
    active: typeof user.active === 'boolean' ? user.active : undefined,
    password: user.password,
  };
}
