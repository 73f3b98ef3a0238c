import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditAction, AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { AppConfig } from '../../core/config/app-config.service';
import { newId } from '../../core/database/uuid';
import { Policy } from '../../core/policy/policy';
import { resolveTarget } from './address-guard';
import { CreateWebhookDto, DeliveriesQuery, UpdateWebhookDto } from './dto/webhook.dto';
import {
  RequeuedResponse,
  toDeliveryResponse,
  toWebhookResponse,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookListResponse,
  WebhookResponse,
  WebhookWithSecretResponse,
} from './dto/webhook.response';
import { WebhookEndpoint } from './store/entities/webhook-endpoint.entity';
import { WebhooksRepository } from './store/webhooks.repository';

const webhookNotFound = () => new DomainError('not_found', 'No such webhook endpoint.');
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Global admins manage endpoints, read their delivery logs, redeliver and ping. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  async create(user: AuthUser, dto: CreateWebhookDto): Promise<WebhookWithSecretResponse> {
    Policy.require(user, 'webhooks.manage');
    await this.requireTarget(dto.url);
    const endpoint = await this.save(user, 'webhook.created', {
      id: newId(),
      url: dto.url,
      eventTypes: [...new Set(dto.event_types ?? [])],
      enabled: dto.enabled ?? true,
      secret: newSecret(),
    });
    return { ...toWebhookResponse(endpoint), secret: endpoint.secret };
  }

  async list(user: AuthUser): Promise<WebhookListResponse> {
    Policy.require(user, 'webhooks.manage');
    return { results: (await this.repo.listEndpoints()).map(toWebhookResponse) };
  }

  async get(user: AuthUser, id: string): Promise<WebhookResponse> {
    return toWebhookResponse(await this.require(user, id));
  }

  async update(user: AuthUser, id: string, dto: UpdateWebhookDto): Promise<WebhookResponse> {
    const endpoint = await this.require(user, id);
    if (dto.url !== undefined) await this.requireTarget(dto.url);
    Object.assign(endpoint, {
      url: dto.url ?? endpoint.url,
      eventTypes: dto.event_types ? [...new Set(dto.event_types)] : endpoint.eventTypes,
      enabled: dto.enabled ?? endpoint.enabled,
    });
    return toWebhookResponse(await this.save(user, 'webhook.updated', endpoint));
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const endpoint = await this.require(user, id);
    await this.repo.transaction(async (manager) => {
      await this.repo.deleteEndpoint(manager, id);
      await this.audit.record(manager, { actor: user, action: 'webhook.deleted', target: { type: 'webhook', id, name: endpoint.url.slice(0, 150) } });
    });
  }

  /** A new secret at once; deliveries already queued are signed with it when sent. */
  async rotateSecret(user: AuthUser, id: string): Promise<WebhookWithSecretResponse> {
    const endpoint = await this.require(user, id);
    endpoint.secret = newSecret();
    const saved = await this.save(user, 'webhook.secret_rotated', endpoint);
    return { ...toWebhookResponse(saved), secret: saved.secret };
  }

  async ping(user: AuthUser, id: string): Promise<WebhookDeliveryResponse> {
    await this.require(user, id);
    const deliveryId = await this.repo.enqueueTest(id);
    return toDeliveryResponse((await this.repo.findDelivery(id, deliveryId))!);
  }

  async deliveries(user: AuthUser, id: string, query: DeliveriesQuery, url: URL): Promise<WebhookDeliveryPageResponse> {
    await this.require(user, id);
    const limit = query.limit ?? 50;
    const rows = await this.repo.deliveryPage(id, { before: query.before, status: query.status, limit });
    let next: string | null = null;
    if (rows.length === limit) {
      const link = new URL(url);
      link.searchParams.set('before', rows[rows.length - 1].id);
      next = link.toString();
    }
    return { next, results: rows.map(toDeliveryResponse) };
  }

  async redeliver(user: AuthUser, id: string, deliveryId: string): Promise<WebhookDeliveryResponse> {
    await this.require(user, id);
    if (!(await this.repo.findDelivery(id, deliveryId))) throw new DomainError('not_found', 'No such delivery.');
    await this.repo.requeue(id, [deliveryId]);
    return toDeliveryResponse((await this.repo.findDelivery(id, deliveryId))!);
  }

  /** Every delivery that gave up goes back in the queue (after the receiver is fixed); the endpoint is healthy again. */
  async replayFailed(user: AuthUser, id: string): Promise<RequeuedResponse> {
    await this.require(user, id);
    return { requeued: await this.repo.requeue(id, 'failed') };
  }

  /** The endpoint and its audit entry (never the secret) in one transaction. */
  private save(user: AuthUser, action: AuditAction, endpoint: Partial<WebhookEndpoint>): Promise<WebhookEndpoint> {
    return this.repo.transaction(async (manager) => {
      const saved = await this.repo.saveEndpoint(manager, endpoint);
      const details = { url: saved.url, event_types: saved.eventTypes, enabled: saved.enabled };
      await this.audit.record(manager, { actor: user, action, target: { type: 'webhook', id: saved.id, name: saved.url.slice(0, 150) }, details });
      return saved;
    });
  }

  private async require(user: AuthUser, id: string): Promise<WebhookEndpoint> {
    Policy.require(user, 'webhooks.manage');
    const endpoint = await this.repo.findEndpoint(id);
    if (!endpoint) throw webhookNotFound();
    return endpoint;
  }

  /** Refused early too (the worker checks again on every attempt). */
  private async requireTarget(url: string): Promise<void> {
    try {
      await resolveTarget(new URL(url), this.config.get('WEBHOOK_ALLOW_PRIVATE'));
    } catch (error) {
      throw FieldValidationError.of('url', error instanceof Error ? error.message : 'This address is not allowed.');
    }
  }
}
