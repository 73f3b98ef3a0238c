import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Settings an organization may set for itself (docs/organizations.md says which are honoured). */
export interface OrganizationSettings {
  retention_days?: number | null;
  upload_max_bytes?: number | null;
  upload_types?: string[] | null;
  local_sign_in?: boolean;
  /** What SCIM's `active: false` does to the user's rooms (docs/scim.md): keep them (the default) or leave them all. */
  scim_deactivation?: ScimDeactivation;
  idp_issuer?: string | null;
  idp_audience?: string | null;
  /** The provider's JWK set; absent: from the issuer's discovery document. */
  idp_jwks_url?: string | null;
  /** Claim paths of the profile (default: the deployment's AUTH_CLAIM_*). */
  idp_claim_username?: string | null;
  idp_claim_name?: string | null;
  idp_claim_email?: string | null;
  /** Per-user abuse limits of the organization's users, each replacing the deployment's (its window stays the deployment's). */
  limits?: Partial<Record<OrganizationLimitName, number | null>> | null;
}

/** SCIM deactivation's effect on memberships: `keep_rooms` (access ends, memberships stay for a reactivation) or `leave_rooms`. */
export const SCIM_DEACTIVATIONS = ['keep_rooms', 'leave_rooms'] as const;
export type ScimDeactivation = (typeof SCIM_DEACTIVATIONS)[number];

/** The abuse limits an organization may set for itself (UserLimits; the hot path's typing, read and sync stay the deployment's). */
export const ORGANIZATION_LIMITS = ['room_create', 'invite', 'invite_repeat', 'member_add', 'member_added', 'reaction', 'report'] as const;
export type OrganizationLimitName = (typeof ORGANIZATION_LIMITS)[number];

/** A school or company: the owner of every organization-scoped row (organization-tables.ts). */
@Entity('organizations')
@Index('uq_organizations_slug', ['slug'], { unique: true })
@Index('uq_organizations_idp_issuer', { synchronize: false })
export class Organization {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_organizations' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'jsonb', default: {} })
  settings: OrganizationSettings;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
