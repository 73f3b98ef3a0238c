import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import { newId } from '../../database/uuid';
import { User, UserRole, UserType, USER_TYPES } from '../../users/entities/user.entity';
import { ExternalIdentitiesRepository } from './external-identities.repository';

/** What an identity provider (claims) or the platform's backend (upsert) says about a user. */
export interface ExternalProfile {
  username?: string;
  displayName?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  userType?: string;
  /** Only when the provider's role claim is configured. */
  role?: UserRole;
}

/** The issuer under which the platform backend's own user ids (`external_id`) are kept. */
export const PLATFORM_ISSUER = 'platform';

/** `Jane Doe!` -> `jane_doe_`: the username rules (a-z 0-9 _ . -, 3..32). */
export function usernameBase(wanted: string | undefined, fallback: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').slice(0, 26);
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
  constructor(private readonly identities: ExternalIdentitiesRepository) {}

  async upsert(issuer: string, subject: string, profile: ExternalProfile): Promise<{ user: User; created: boolean }> {
    for (let attempt = 0; ; attempt += 1) {
      const existing = await this.identities.findUser(issuer, subject);
      if (existing) return { user: await this.refresh(existing, profile), created: false };
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
      const user = manager.getRepository(User).create({
        id,
        username,
        email: email ?? `${id}@users.invalid`,
        passwordHash: '',
        displayName: profile.displayName?.slice(0, 150) || username,
        firstName: profile.firstName?.slice(0, 150) ?? '',
        lastName: profile.lastName?.slice(0, 150) ?? '',
        userType: userTypeOf(profile.userType) ?? 'consumer',
        role: profile.role ?? 'user',
      });
      await manager.getRepository(User).insert(user);
      await this.identities.link(manager, issuer, subject, id);
      return (await manager.getRepository(User).findOneBy({ id }))!;
    });
  }

  /** Later sights: profile fields that changed (the username stays: others know the user by it). */
  private async refresh(user: User, profile: ExternalProfile): Promise<User> {
    const changes: Partial<User> = {};
    if (profile.displayName && profile.displayName.slice(0, 150) !== user.displayName) changes.displayName = profile.displayName.slice(0, 150);
    if (profile.firstName !== undefined && profile.firstName.slice(0, 150) !== user.firstName) changes.firstName = profile.firstName.slice(0, 150);
    if (profile.lastName !== undefined && profile.lastName.slice(0, 150) !== user.lastName) changes.lastName = profile.lastName.slice(0, 150);
    const userType = userTypeOf(profile.userType);
    if (userType && userType !== user.userType) changes.userType = userType;
    if (profile.role && profile.role !== user.role) changes.role = profile.role;
    const email = profile.email?.trim().toLowerCase();
    if (email && email !== user.email && (await this.usableEmail(email, user.id))) changes.email = email;
    if (Object.keys(changes).length === 0) return user;
    await this.identities.transaction((manager) => manager.getRepository(User).update({ id: user.id }, changes));
    return Object.assign(user, changes);
  }

  private async freeUsername(base: string): Promise<string> {
    const taken = await this.identities.usernamesLike(base);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /** An email is kept only when valid and nobody else has it: never link accounts by email. */
  private async usableEmail(raw: string | undefined, userId?: string): Promise<string | undefined> {
    const email = raw?.trim().toLowerCase();
    if (!email || email.length > 254 || !isEmail(email)) return undefined;
    return (await this.identities.emailTaken(email, userId)) ? undefined : email;
  }
}

function userTypeOf(value: string | undefined): UserType | undefined {
  return USER_TYPES.find((t) => t === value);
}
