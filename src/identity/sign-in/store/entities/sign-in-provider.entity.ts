import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const SIGN_IN_PROTOCOLS = ['oidc', 'saml'] as const;
export type SignInProtocol = (typeof SIGN_IN_PROTOCOLS)[number];

/** Which claim (OIDC) or attribute (SAML) holds each of Parley's profile fields. */
export interface ProfileMapping {
  username: string;
  display_name: string;
  email: string;
}

export interface OidcProviderConfig {
  issuer: string;
  client_id: string;
  scopes: string[];
  claims: ProfileMapping;
}

export interface SamlProviderConfig {
  /** The identity provider's entity id (the Issuer of its responses). */
  idp_entity_id: string;
  /** Its single sign-on URL (HTTP-Redirect binding). */
  sso_url: string;
  /** Its signing certificate(s), PEM or base64. */
  idp_certificates: string[];
  attributes: ProfileMapping;
}

/** An organization's identity provider for browser sign-in: one per protocol. */
@Entity('sign_in_providers')
@Index('uq_sign_in_providers_protocol', ['organizationId', 'protocol'], { unique: true })
@Check('ck_sign_in_providers_protocol', `"protocol" IN ('oidc', 'saml')`)
export class SignInProvider extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_sign_in_providers' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  protocol: SignInProtocol;

  @Column({ default: true })
  enabled: boolean;

  @Column({ type: 'jsonb', default: {} })
  config: OidcProviderConfig | SamlProviderConfig;

  /** The OIDC client secret, encrypted (secret-box.ts); never answered. */
  @Column({ type: 'text', nullable: true })
  secret: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
