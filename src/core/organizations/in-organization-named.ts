import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../database/organization-scope';
import type { Organization } from './store/entities/organization.entity';
import type { OrganizationsRepository } from './store/organizations.repository';

/**
 * Runs `work` in the organization a sign-in names by its slug (none: the default one), with the
 * request's scope switched to it as an auth guard does once the caller is known: local sign-in,
 * OIDC and SAML, whose URLs or bodies carry the slug. `unknown()` is thrown when there is none.
 */
export function inOrganizationNamed<T>(
  organizations: OrganizationsRepository,
  slug: string | undefined,
  unknown: () => Error,
  work: (organization: Organization) => Promise<T>,
): Promise<T> {
  return inOrganizationFound(
    () => (slug !== undefined ? organizations.findBySlug(slug) : organizations.findById(DEFAULT_ORGANIZATION_ID)),
    unknown,
    work,
  );
}

/** The same for a public URL that names the organization by id (an LMS's LTI login, launch and key set). */
export function inOrganizationWithId<T>(
  organizations: OrganizationsRepository,
  id: string,
  unknown: () => Error,
  work: (organization: Organization) => Promise<T>,
): Promise<T> {
  return inOrganizationFound(() => organizations.findById(id), unknown, work);
}

async function inOrganizationFound<T>(
  find: () => Promise<Organization | null>,
  unknown: () => Error,
  work: (organization: Organization) => Promise<T>,
): Promise<T> {
  // Any organization's row, by what a public request names: read in system scope (row-level security shows a connection only its own).
  const organization = await OrganizationScope.runAsSystem(find);
  if (!organization) throw unknown();
  OrganizationScope.enter(organization.id);
  return OrganizationScope.run(organization.id, () => work(organization));
}
