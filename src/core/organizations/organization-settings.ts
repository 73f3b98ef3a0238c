import { Injectable } from '@nestjs/common';
import { OrganizationScope } from '../database/organization-scope';
import { OrganizationSettings } from './store/entities/organization.entity';
import { OrganizationsRepository } from './store/organizations.repository';

/** How long a node keeps an organization's settings: a change made on another node applies within this. */
const TTL_MS = 5000;

/**
 * The current organization's settings (docs/organizations.md, "Per-organization settings"), read in
 * its own scope: row-level security shows a connection its own organization's row only. Kept for a
 * few seconds per node; a change through this node (OrganizationsService.update) applies at once.
 */
@Injectable()
export class OrganizationSettingsReader {
  private readonly cache = new Map<string, { settings: OrganizationSettings; until: number }>();

  constructor(private readonly organizations: OrganizationsRepository) {}

  /** Outside an organization (system scope, no scope): none, so the deployment's values apply. */
  async current(): Promise<OrganizationSettings> {
    const id = OrganizationScope.organizationId();
    if (!id) return {};
    const kept = this.cache.get(id);
    if (kept && kept.until > Date.now()) return kept.settings;
    const settings = (await this.organizations.findById(id))?.settings ?? {};
    this.cache.set(id, { settings, until: Date.now() + TTL_MS });
    return settings;
  }

  forget(organizationId: string): void {
    this.cache.delete(organizationId);
  }
}
