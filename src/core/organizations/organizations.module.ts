import { Global, Module } from '@nestjs/common';
import { OrganizationsRepository } from './store/organizations.repository';

/** The organizations table, for sign-in (by slug), the operators' routes and per-organization settings. */
@Global()
@Module({ providers: [OrganizationsRepository], exports: [OrganizationsRepository] })
export class OrganizationsModule {}
