import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError, notAuthenticated } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import { newId } from '../../core/database/uuid';
import { ApiKeysRepository } from './store/api-keys.repository';
import { ApiKeyListResponse, ApiKeyResponse, CreatedApiKeyResponse, toApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/api-key.dto';
import { ApiKey } from './store/entities/api-key.entity';
import { apiKeyNotValid } from '../../core/errors/errors';
import { OrganizationScope } from '../../core/database/organization-scope';

/** Recognisable in logs and by secret scanners. */
export const API_KEY_PREFIX = 'pk_';
const KEY_SHAPE = /^pk_[A-Za-z0-9_-]{43}$/;

/** SHA-256 suits a 256-bit random secret: nothing to brute-force, so no slow hash is needed. */
function hashOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditLog,
  ) {}

  async create(user: AuthUser, dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    Policy.require(user, 'api_keys.manage');
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const key = await this.keys.transaction(async (manager) => {
      const created = await this.keys.insert(manager, {
        id: newId(),
        name: dto.name,
        prefix: secret.slice(0, 11),
        keyHash: hashOf(secret),
        scopes: [...new Set(dto.scopes)],
        createdBy: user.id,
      });
      const target = { type: 'api_key' as const, id: created.id, name: created.name };
      await this.audit.record(manager, {
        actor: user,
        action: 'api_key.created',
        target,
        details: { scopes: created.scopes, prefix: created.prefix },
      });
      return created;
    });
    return { ...toApiKeyResponse(key), key: secret };
  }

  async list(user: AuthUser): Promise<ApiKeyListResponse> {
    Policy.require(user, 'api_keys.manage');
    return { results: (await this.keys.list()).map(toApiKeyResponse) };
  }

  async revoke(user: AuthUser, id: string): Promise<void> {
    Policy.require(user, 'api_keys.manage');
    const key = await this.keys.findById(id);
    if (!key) throw new DomainError('not_found', 'No such API key.');
    await this.keys.transaction(async (manager) => {
      await this.keys.revoke(manager, id, new Date());
      await this.audit.record(manager, { actor: user, action: 'api_key.revoked', target: { type: 'api_key', id, name: key.name } });
    });
  }

  /**
   * The live key behind a secret. The lookup is by hash (an index, no secret in the
   * query); the stored hash is then compared in constant time all the same.
   */
  async authenticate(secret: string | undefined): Promise<ApiKey> {
    if (!secret) throw notAuthenticated();
    if (!KEY_SHAPE.test(secret)) throw apiKeyNotValid();
    const hash = hashOf(secret);
    // The secret names no organization: the key's row does (found across organizations by its hash).
    const key = await OrganizationScope.runAsSystem(() => this.keys.findLiveByHash(hash));
    if (!key?.organizationId || !timingSafeEqual(Buffer.from(key.keyHash), Buffer.from(hash))) throw apiKeyNotValid();
    // The request acts in the key's organization from here on (row-level security, docs/organizations.md).
    OrganizationScope.enter(key.organizationId);
    void this.keys.touch(key.id, new Date()).catch(() => undefined);
    return key;
  }

  static view(key: ApiKey): ApiKeyResponse {
    return toApiKeyResponse(key);
  }
}
