import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { AppConfig } from '../../core/config/app-config.service';
import { newId } from '../../core/database/uuid';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import { resolveTarget } from '../webhooks/address-guard';
import { CreateLtiPlatformDto, UpdateLtiPlatformDto } from './dto/lti-platform.dto';
import { LtiPlatformListResponse, LtiPlatformResponse, toLtiPlatformResponse } from './dto/lti.response';
import { LtiUrls } from './lti-urls';
import { LtiPlatform } from './store/entities/lti-platform.entity';
import { LtiRepository } from './store/lti.repository';

const platformNotFound = () => new DomainError('not_found', 'LTI platform not found.');

/** The LMSs an organization's admins registered (docs/lti.md): each belongs to the admin's organization. */
@Injectable()
export class LtiPlatformsService {
  constructor(
    private readonly repo: LtiRepository,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async create(user: AuthUser, dto: CreateLtiPlatformDto, urls: LtiUrls): Promise<LtiPlatformResponse> {
    Policy.require(user, 'lti.manage');
    await this.checkUrls({ authorization_endpoint: dto.authorization_endpoint, jwks_url: dto.jwks_url, token_endpoint: dto.token_endpoint });
    const platform = await this.insert(user, {
      id: newId(),
      name: dto.name ?? '',
      issuer: dto.issuer,
      clientId: dto.client_id,
      deploymentIds: [...new Set(dto.deployment_ids)],
      authorizationEndpoint: dto.authorization_endpoint,
      jwksUrl: dto.jwks_url,
      tokenEndpoint: dto.token_endpoint ?? null,
    });
    return toLtiPlatformResponse(platform, urls.tool());
  }

  /** A registration made by LTI Dynamic Registration: no user acts, the admin's invitation stood for one. */
  async insert(actor: AuthUser | null, fields: Partial<LtiPlatform>): Promise<LtiPlatform> {
    try {
      return await this.repo.transaction(async (manager) => {
        const platform = await this.repo.insertPlatform(manager, fields);
        await this.audit.record(manager, {
          actor,
          action: 'lti_platform.created',
          target: { type: 'lti_platform', id: platform.id, name: platform.name || platform.issuer },
          reason: actor ? undefined : 'LTI dynamic registration',
          details: { issuer: platform.issuer, client_id: platform.clientId },
        });
        return platform;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && /uq_lti_platforms_issuer_client/.test(error.message)) {
        throw new DomainError('conflict', 'A platform with this issuer and client id is already registered.');
      }
      throw error;
    }
  }

  async list(user: AuthUser, urls: LtiUrls): Promise<LtiPlatformListResponse> {
    Policy.require(user, 'lti.manage');
    return { results: (await this.repo.platforms()).map((p) => toLtiPlatformResponse(p, urls.tool())) };
  }

  async get(user: AuthUser, id: string, urls: LtiUrls): Promise<LtiPlatformResponse> {
    Policy.require(user, 'lti.manage');
    return toLtiPlatformResponse(await this.find(id), urls.tool());
  }

  async update(user: AuthUser, id: string, dto: UpdateLtiPlatformDto, urls: LtiUrls): Promise<LtiPlatformResponse> {
    Policy.require(user, 'lti.manage');
    const current = await this.find(id);
    await this.checkUrls({ authorization_endpoint: dto.authorization_endpoint, jwks_url: dto.jwks_url, token_endpoint: dto.token_endpoint });
    const changes: Partial<LtiPlatform> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.deployment_ids !== undefined) changes.deploymentIds = [...new Set(dto.deployment_ids)];
    if (dto.authorization_endpoint !== undefined) changes.authorizationEndpoint = dto.authorization_endpoint;
    if (dto.jwks_url !== undefined) changes.jwksUrl = dto.jwks_url;
    if (dto.token_endpoint !== undefined) changes.tokenEndpoint = dto.token_endpoint;
    await this.repo.transaction(async (manager) => {
      await this.repo.updatePlatform(manager, id, changes);
      await this.audit.record(manager, {
        actor: user,
        action: 'lti_platform.updated',
        target: { type: 'lti_platform', id, name: current.name || current.issuer },
        details: { fields: Object.keys(dto) },
      });
    });
    return toLtiPlatformResponse(await this.find(id), urls.tool());
  }

  /** Removes the registration: its launches are refused from now on; its course rooms stay. */
  async remove(user: AuthUser, id: string): Promise<void> {
    Policy.require(user, 'lti.manage');
    const current = await this.find(id);
    await this.repo.transaction(async (manager) => {
      await this.repo.deletePlatform(manager, id);
      await this.audit.record(manager, {
        actor: user,
        action: 'lti_platform.deleted',
        target: { type: 'lti_platform', id, name: current.name || current.issuer },
      });
    });
  }

  private async find(id: string): Promise<LtiPlatform> {
    const platform = await this.repo.platform(id);
    if (!platform) throw platformNotFound();
    return platform;
  }

  /** The platform's URLs must reach a public address (unless LTI_ALLOW_PRIVATE): Parley fetches them. */
  async checkUrls(urls: Partial<Record<string, string | null>>): Promise<void> {
    for (const [field, value] of Object.entries(urls)) {
      if (!value) continue;
      try {
        await resolveTarget(new URL(value), this.config.get('LTI_ALLOW_PRIVATE'));
      } catch (error) {
        throw FieldValidationError.of(field, error instanceof Error ? error.message : 'This address is not allowed.');
      }
    }
  }
}
