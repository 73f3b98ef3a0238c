import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { UsersRepository } from '../users/store/users.repository';
import { PasswordHasher } from './password-hasher.service';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../core/database/organization-scope';

/** With ADMIN_USERNAME / ADMIN_PASSWORD / ADMIN_EMAIL set, creates or updates that admin at boot. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The configured admin is the default organization's, and as a global admin there, the deployment's operator (docs/organizations.md). */
  onApplicationBootstrap(): Promise<void> {
    return OrganizationScope.run(DEFAULT_ORGANIZATION_ID, () => this.bootstrap());
  }

  private async bootstrap(): Promise<void> {
    const username = this.config.get('ADMIN_USERNAME')?.toLowerCase();
    const password = this.config.get('ADMIN_PASSWORD');
    const email = this.config.get('ADMIN_EMAIL')?.toLowerCase();
    if (!username || !password || !email) return;
    const passwordHash = await this.hasher.hash(password);
    const existing = await this.users.findByLogin(username);
    if (existing) {
      Object.assign(existing, { email, passwordHash, role: 'admin' });
      await this.users.save(existing);
      this.logger.log(`Admin "${username}" updated`);
    } else {
      await this.users.insert({ username, email, passwordHash, displayName: username, role: 'admin' });
      this.logger.log(`Admin "${username}" created`);
    }
  }
}
