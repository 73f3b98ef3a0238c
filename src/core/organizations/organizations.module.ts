import { Global, Module } from '@nestjs/common';
import { OrganizationSettingsReader } from './organization-settings';
import { OrganizationsRepository } from './store/organizations.repository';

/** The organizations table, for sign-in (by slug), the operators' routes and per-organization settings. */
@Global()
@Module({ providers: [OrganizationsRepository, OrganizationSettingsReader], exports: [OrganizationsRepository, OrganizationSettingsReader] })
export class OrganizationsModule {}
