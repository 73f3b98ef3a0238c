import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { organizationNotFound } from '../../core/errors/errors';
import { OrganizationsRepository } from '../../core/organizations/store/organizations.repository';
import type { LtiPage } from './lti-html';
import { LtiKeys } from './lti-keys.service';
import { inOrganizationWithId } from '../../core/organizations/in-organization-named';

/**
 * The organization a public LTI route names in its path (the LMS knows no token): every URL an
 * administrator pastes into the LMS carries the organization's id, and the route runs in it.
 */
@Injectable()
export class LtiTool {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly keys: LtiKeys,
    private readonly config: AppConfig,
  ) {}

  /** The page's CSP with the frames it may be shown in: Parley's own and LTI_FRAME_ANCESTORS (the LMS's pages). */
  csp(page: LtiPage): string {
    return `${page.csp}; frame-ancestors 'self' ${this.config.get('LTI_FRAME_ANCESTORS').join(' ')}`.trimEnd();
  }

  within<T>(organizationId: string, work: () => Promise<T>): Promise<T> {
    return inOrganizationWithId(this.organizations, organizationId, organizationNotFound, () => work());
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
