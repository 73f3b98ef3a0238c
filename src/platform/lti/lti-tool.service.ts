import { Injectable } from '@nestjs/common';
import { OrganizationScope } from '../../core/database/organization-scope';
import { organizationNotFound } from '../../core/errors/errors';
import { OrganizationsRepository } from '../../core/organizations/store/organizations.repository';
import { LtiKeys } from './lti-keys.service';

/**
 * The organization a public LTI route names in its path (the LMS knows no token): every URL an
 * administrator pastes into the LMS carries the organization's id, and the route runs in it.
 */
@Injectable()
export class LtiTool {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly keys: LtiKeys,
  ) {}

  async within<T>(organizationId: string, work: () => Promise<T>): Promise<T> {
    if (!(await this.organizations.findById(organizationId))) throw organizationNotFound();
    OrganizationScope.enter(organizationId);
    return OrganizationScope.run(organizationId, work);
  }

  /** The organization's public keys, made on first ask so a platform can cache them before any launch. */
  jwks(organizationId: string) {
    return this.within(organizationId, async () => {
      const set = await this.keys.jwks();
      if (set.keys.length) return set;
      await this.keys.sign({});
      return this.keys.jwks();
    });
  }
}
