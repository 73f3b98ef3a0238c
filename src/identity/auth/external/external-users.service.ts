import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { AuditLog } from '../../../core/audit/audit-log';
import type { Tx } from '../../../core/database/transaction';
import { newId } from '../../../core/database/uuid';
import { User, UserRole, UserType, USER_TYPES } from '../../users/store/entities/user.entity';
import { ExternalIdentitiesRepository } from '../store/external-identities.repository';
import { DomainEvents } from '../../../core/events/domain-event-bus';

/** What an identity provider (claims) or the platform's backend (upsert) says about a user. */
export interface ExternalProfile {
  username?: string;
  displayName?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  userType?: string;
  /** Only when the provider's role claim is configured and the token says when it was issued. */
  roleClaim?: RoleClaim;
}

/** The global role a token grants, and the token's `iat` (seconds): roles follow the newest token only. */
export interface RoleClaim {
  role: UserRole;
  issuedAt: number;
}

/** The issuer under which the platform backend's own user ids (`external_id`) are kept. */
export const PLATFORM_ISSUER = 'platform';

/** `Jane Doe!` -> `jane_doe_`: the username rules (a-z 0-9 _ . -, 3..32). */
export function usernameBase(wanted: string | undefined, fallback: string): string {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '_')
      .slice(0, 26);
  const base = clean(wanted ?? '') || clean(fallback) || 'user';
  return base.length >= 3 ? base : `${base}___`.slice(0, 3);
}

/**
 * Just-in-time users for external identities. First sight of `(issuer, subject)`
 * creates the user (username from the profile, made unique) and links the identity
 * in one transaction; later sights update the profile. Such users have no
 * password (an empty hash never verifies), so they cannot log in locally.
 */
@Injectable()
export class ExternalUsersService {
  constructor(
    private readonly identities: ExternalIdentitiesRepository,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
  ) {}

  async upsert(issuer: string, subject: string, profile: ExternalProfile): Promise<{ user: User; created: boolean }> {
    for (let attempt = 0; ; attempt += 1) {
      const existing = await this.identities.findUserWithRoleClaim(issuer, subject);
      if (existing) {
        const user = await this.refresh(issuer, existing.user, profile);
        const claim = profile.roleClaim;
        if (claim && !(existing.roleClaimedAt && existing.roleClaimedAt.getTime() >= claim.issuedAt * 1000)) {
          user.role = await this.applyRoleClaim(issuer, subject, user, claim);
        }
        return { user, created: false };
      }
      try {
        return { user: await this.create(issuer, subject, profile), created: true };
      } catch (error) {
        // A concurrent first sight of the same identity, or a username taken in between: look again.
        if (!(error instanceof QueryFailedError) || attempt >= 3) throw error;
      }
    }
  }

  private async create(issuer: string, subject: string, profile: ExternalProfile): Promise<User> {
    const id = newId();
    const username = await this.freeUsername(usernameBase(profile.username, subject));
    const email = await this.usableEmail(profile.email);
    return this.identities.transaction(async (manager) => {
      const user = await this.identities.insertUser(manager, {
        id,
        username,
        email: email ?? `${id}@users.invalid`,
        passwordHash: '',
        displayName: profile.displayName?.slice(0, 150) || username,
        firstName: profile.firstName?.slice(0, 150) ?? '',
        lastName: profile.lastName?.slice(0, 150) ?? '',
        userType: userTypeOf(profile.userType) ?? 'consumer',
        role: profile.roleClaim?.role ?? 'user',
      });
      await this.identities.link(manager, issuer, subject, id, profile.roleClaim?.issuedAt);
      if (user.role !== 'user') await this.auditRole(manager, { issuer, user, from: null, claim: profile.roleClaim! });
      if (user.userType !== 'consumer') await this.auditUserType(manager, issuer, user, null);
      return (await this.identities.userById(manager, id))!;
    });
  }

  /**
   * Later sights: profile fields that changed (the username stays: others know the user by it).
   * A changed user type is audited in the same transaction, and the user's sockets reconnect
   * with the new rights, as when a global admin changes it.
   */
  private async refresh(issuer: string, user: User, profile: ExternalProfile): Promise<User> {
    const changes: Partial<User> = {};
    if (profile.displayName && profile.displayName.slice(0, 150) !== user.displayName) changes.displayName = profile.displayName.slice(0, 150);
    if (profile.firstName !== undefined && profile.firstName.slice(0, 150) !== user.firstName) changes.firstName = profile.firstName.slice(0, 150);
    if (profile.lastName !== undefined && profile.lastName.slice(0, 150) !== user.lastName) changes.lastName = profile.lastName.slice(0, 150);
    const userType = userTypeOf(profile.userType);
    if (userType && userType !== user.userType) changes.userType = userType;
    const email = profile.email?.trim().toLowerCase();
    if (email && email !== user.email && (await this.usableEmail(email, user.id))) changes.email = email;
    if (Object.keys(changes).length === 0) return user;
    const from = user.userType;
    await this.identities.transaction(async (manager) => {
      await this.identities.updateProfile(manager, user.id, changes);
      if (changes.userType) await this.auditUserType(manager, issuer, Object.assign(user, changes), from);
    });
    if (changes.userType) this.events.publish('SessionsRevoked', { userId: user.id });
    return Object.assign(user, changes);
  }

  private auditUserType(manager: Tx, issuer: string, user: User, from: UserType | null) {
    return this.audit.record(manager, {
      actor: null,
      action: 'user.type_changed',
      target: { type: 'user', id: user.id, name: user.username },
      reason: issuer === PLATFORM_ISSUER ? "the platform's server API" : 'user type claim of an identity provider token',
      details: { from, to: user.userType, issuer },
    });
  }

  /**
   * The role of a token newer than every token applied before (compared by `iat`, in the
   * identity row's lock), audited when it changes; the user's sockets then reconnect with
   * the new rights. Answers the role the user has now.
   */
  private async applyRoleClaim(issuer: string, subject: string, user: User, claim: RoleClaim): Promise<UserRole> {
    const from = await this.identities.transaction(async (manager) => {
      const current = await this.identities.advanceRoleClaim(manager, issuer, subject, claim.issuedAt);
      if (!current || current.role === claim.role) return current?.role;
      await this.identities.setRole(manager, user.id, claim.role);
      await this.auditRole(manager, { issuer, user, from: current.role, claim });
      return current.role;
    });
    if (from === undefined) return user.role; // a token as new or newer came first
    if (from !== claim.role) this.events.publish('SessionsRevoked', { userId: user.id });
    return claim.role;
  }

  private auditRole(manager: Tx, { issuer, user, from, claim }: { issuer: string; user: User; from: UserRole | null; claim: RoleClaim }) {
    return this.audit.record(manager, {
      actor: null,
      action: 'user.role_changed',
      target: { type: 'user', id: user.id, name: user.username },
      reason: 'role claim of an identity provider token',
      details: { from, to: claim.role, issuer, iat: claim.issuedAt },
    });
  }

  /** `base`, or the first free `base-2`, `base-3`, ... (also for SCIM-provisioned users, src/platform/scim). */
  async freeUsername(base: string): Promise<string> {
    const taken = await this.identities.usernamesLike(base);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** An email is kept only when valid and nobody else has it: never link accounts by email. */
  async usableEmail(raw: string | undefined, userId?: string): Promise<string | undefined> {
    const email = raw?.trim().toLowerCase();
    if (!email || email.length > 254 || !isEmail(email)) return undefined;
    return (await this.identities.emailTaken(email, userId)) ? undefined : email;
  }
}

function userTypeOf(value: string | undefined): UserType | undefined {
  return USER_TYPES.find((t) => t === value);
}
