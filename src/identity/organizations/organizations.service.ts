import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { newId } from '../../core/database/uuid';
import { organizationNotFound } from '../../core/errors/errors';
import { OrganizationsRepository } from '../../core/organizations/store/organizations.repository';
import { OrganizationSettingsReader } from '../../core/organizations/organization-settings';
import { Policy } from '../../core/policy/policy';
import { isOperator } from '../../core/policy/actor-rules';
import { OrganizationScope } from '../../core/database/organization-scope';
import { PasswordHasher } from '../auth/password-hasher.service';
import { UsersRepository } from '../users/store/users.repository';
import { UsersService } from '../users/users.service';
import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { CreatedOrganizationResponse, OrganizationListResponse, OrganizationResponse, toOrganizationResponse } from './dto/organization.response';

/**
 * The organizations' administration: operators (global admins of the default organization) create
 * and list organizations; an organization's admins read and change their own (docs/organizations.md).
 */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly settings: OrganizationSettingsReader,
  ) {}

  /** The organization and its first admin, in one transaction: the admin is written in the new organization. */
  async create(operator: AuthUser, dto: CreateOrganizationDto): Promise<CreatedOrganizationResponse> {
    Policy.require(operator, 'organizations.operate');
    const passwordHash = await this.hasher.hash(dto.admin.password);
    const { organization, admin } = await this.asViewer(operator, () =>
      this.organizations.transaction(async (tx) => {
        const organization = await this.organizations.insert(tx, { id: newId(), slug: dto.slug, name: dto.name, settings: dto.settings ?? {} });
        await this.organizations.actIn(tx, organization.id);
        const admin = await this.users.insert(
          {
            username: dto.admin.username,
            email: dto.admin.email,
            passwordHash,
            displayName: dto.admin.display_name || dto.admin.username,
            role: 'admin',
          },
          tx,
        );
        return { organization, admin };
      }),
    );
    return { ...toOrganizationResponse(organization), admin: await this.usersService.respond(operator, admin) };
  }

  async list(operator: AuthUser): Promise<OrganizationListResponse> {
    Policy.require(operator, 'organizations.operate');
    return { results: (await this.asViewer(operator, () => this.organizations.list())).map(toOrganizationResponse) };
  }

  async get(viewer: AuthUser, id: string): Promise<OrganizationResponse> {
    Policy.require(viewer, 'organizations.manage', { organizationId: id });
    const organization = await this.asViewer(viewer, () => this.organizations.findById(id));
    if (!organization) throw organizationNotFound();
    return toOrganizationResponse(organization);
  }

  async update(viewer: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<OrganizationResponse> {
    Policy.require(viewer, 'organizations.manage', { organizationId: id });
    const organization = await this.asViewer(viewer, () => this.organizations.update(id, { name: dto.name, settings: dto.settings }));
    if (!organization) throw organizationNotFound();
    this.settings.forget(id);
    return toOrganizationResponse(organization);
  }

  /**
   * Operators act on every organization's row (system scope); anyone else in their own organization,
   * where row-level security shows them their own row only.
   */
  private asViewer<T>(viewer: AuthUser, work: () => Promise<T>): Promise<T> {
    return isOperator(viewer) ? OrganizationScope.runAsSystem(work) : work();
  }
}
