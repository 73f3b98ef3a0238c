import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../database/organization-scope';
import type { Organization } from './store/entities/organization.entity';
import type { OrganizationsRepository } from './store/organizations.repository';

/**
 * Runs `work` in the organization a sign-in names by its slug (none: the default one), with the
 * request's scope switched to it as an auth guard does once the caller is known: local sign-in,
 * OIDC and SAML, whose URLs or bodies carry the slug. `unknown()` is thrown when there is none.
 */
export async function inOrganizationNamed<T>(
  organizations: OrganizationsRepository,
  slug: string | undefined,
  unknown: () => Error,
  work: (organization: Organization) => Promise<T>,
): Promise<T> {
  // Any organization's row, by its public slug: read in system scope (row-level security shows a connection only its own).
  const organization = await OrganizationScope.runAsSystem(() =>
    slug !== undefined ? organizations.findBySlug(slug) : organizations.findById(DEFAULT_ORGANIZATION_ID),
  );
  if (!organization) throw unknown();
  OrganizationScope.enter(organization.id);
  return OrganizationScope.run(organization.id, () => work(organization));
}
