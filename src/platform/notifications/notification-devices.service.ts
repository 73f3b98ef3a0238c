import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { AppConfig } from '../../core/config/app-config.service';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { OnDomainEvent } from '../../core/events/domain-event-bus';
import type { SessionsRevokedEvent } from '../../core/events/domain-events';
import { resolveTarget } from '../webhooks/address-guard';
import { DeviceListResponse, DeviceResponse, RegisterDeviceDto, toDeviceResponse } from './dto/device.dto';
import { NotificationPreferencesRepository } from './store/notification-preferences.repository';
import { VapidKeyStore } from './vapid-keys';

export const deviceNotFound = () => new DomainError('not_found', 'No such device.');

/** The caller's push devices: registered per installation, gone at logout or when the push service forgets them. */
@Injectable()
export class NotificationDevicesService {
  constructor(
    private readonly repo: NotificationPreferencesRepository,
    private readonly config: AppConfig,
    private readonly vapid: VapidKeyStore,
  ) {}

  async register(user: AuthUser, id: string, dto: RegisterDeviceDto): Promise<DeviceResponse> {
    if (dto.platform === 'web') await this.requirePushService(dto.subscription!.endpoint);
    const web = dto.platform === 'web' ? dto.subscription! : null;
    const device = await this.repo.saveDevice({
      userId: user.id,
      id,
      sessionId: user.sessionId || null,
      kind: dto.platform,
      endpoint: web?.endpoint ?? null,
      p256dh: web?.keys.p256dh ?? null,
      auth: web?.keys.auth ?? null,
      token: web ? null : dto.token!,
      appId: web ? null : dto.app_id!,
    });
    return toDeviceResponse(device);
  }

  async list(user: AuthUser): Promise<DeviceListResponse> {
    return { results: (await this.repo.listDevices(user.id)).map(toDeviceResponse) };
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    if (!(await this.repo.deleteDevice(user.id, id))) throw deviceNotFound();
  }

  /** The key browsers subscribe with (`applicationServerKey`). */
  webPushKey(): { public_key: string } {
    const keys = this.vapid.get();
    if (!keys) throw new DomainError('not_found', 'Web push is not configured on this server.');
    return { public_key: keys.publicKey };
  }

  /** Logging out (or every login ending) takes the devices those logins registered with it. */
  @OnDomainEvent('SessionsRevoked', { async: true, promisify: true })
  async onSessionsRevoked(event: SessionsRevokedEvent): Promise<void> {
    if (event.sessionId) await this.repo.deleteSessionDevices(event.sessionId);
    else if (event.userId) await this.repo.deleteUserDevices(event.userId);
  }

  /** The same address rule as webhooks: a push endpoint is a URL the server will POST to. */
  private async requirePushService(endpoint: string): Promise<void> {
    if (!this.vapid.get()) throw FieldValidationError.of('subscription', 'Web push is not configured on this server.');
    try {
      await resolveTarget(new URL(endpoint), this.config.get('NOTIFICATION_ALLOW_PRIVATE'));
    } catch (error) {
      throw FieldValidationError.of('subscription', error instanceof Error ? error.message : 'This address is not allowed.');
    }
  }
}
