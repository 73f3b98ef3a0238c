import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { RoomAccess } from '../../conversations/rooms/room-access.service';
import { NotificationSettingsResponse, RoomNotificationResponse, UpdateNotificationSettingsDto } from './dto/settings.dto';
import { NotificationSettings, NotifyLevel } from './store/entities/notification-settings.entity';
import { NotificationPreferencesRepository } from './store/notification-preferences.repository';
import { OrganizationScope } from '../../core/database/organization-scope';

const DEFAULTS = { level: null, email: true, snoozeUntil: null, quietStart: null, quietEnd: null, timeZone: 'UTC' };

function toSettingsResponse(s: Pick<NotificationSettings, keyof typeof DEFAULTS>): NotificationSettingsResponse {
  return {
    level: s.level,
    email: s.email,
    snooze_until: s.snoozeUntil?.toISOString() ?? null,
    quiet_hours: s.quietStart && s.quietEnd ? { start: s.quietStart, end: s.quietEnd } : null,
    time_zone: s.timeZone,
  };
}

/** What a user wants to hear about while away: their defaults and each room's level. */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly repo: NotificationPreferencesRepository,
    private readonly access: RoomAccess,
  ) {}

  async get(user: AuthUser): Promise<NotificationSettingsResponse> {
    return toSettingsResponse((await this.repo.findSettings(user.id)) ?? DEFAULTS);
  }

  async update(user: AuthUser, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsResponse> {
    const current = (await this.repo.findSettings(user.id)) ?? DEFAULTS;
    const quiet = dto.quiet_hours === undefined ? undefined : dto.quiet_hours;
    const saved = await this.repo.saveSettings({
      userId: user.id,
      level: dto.level === undefined ? current.level : dto.level,
      email: dto.email ?? current.email,
      snoozeUntil: dto.snooze_until === undefined ? current.snoozeUntil : dto.snooze_until === null ? null : new Date(dto.snooze_until),
      quietStart: quiet === undefined ? current.quietStart : (quiet?.start ?? null),
      quietEnd: quiet === undefined ? current.quietEnd : (quiet?.end ?? null),
      timeZone: dto.time_zone ?? current.timeZone,
    });
    return toSettingsResponse(saved);
  }

  /** One-click unsubscribe from email digests (no login: the link's signature stands for the user). */
  /** From a signed unsubscribe link: the user's organization is found by their id (system scope), the change made in it. */
  async stopEmail(userId: string): Promise<void> {
    const organizationId = await OrganizationScope.runAsSystem(() => this.repo.organizationOfUser(userId));
    if (!organizationId) return;
    await OrganizationScope.run(organizationId, () => this.stopEmailHere(userId));
  }

  private async stopEmailHere(userId: string): Promise<void> {
    const current = (await this.repo.findSettings(userId)) ?? DEFAULTS;
    await this.repo.saveSettings({ ...current, userId, email: false });
  }

  async room(user: AuthUser, roomId: string): Promise<RoomNotificationResponse> {
    const { room, membership } = await this.access.require(user, roomId, 'room.member');
    const own = await this.repo.roomLevel(user.id, roomId);
    const fallback: NotifyLevel = room.roomType === 'ONE_TO_ONE' ? 'all' : 'mentions';
    const level = own ?? (await this.repo.findSettings(user.id))?.level ?? fallback;
    return { room_id: roomId, level: own, effective_level: level, muted: membership.notificationsMuted };
  }

  async setRoom(user: AuthUser, roomId: string, level: NotifyLevel): Promise<RoomNotificationResponse> {
    await this.access.require(user, roomId, 'room.member');
    await this.repo.setRoomLevel(user.id, roomId, level);
    return this.room(user, roomId);
  }

  async clearRoom(user: AuthUser, roomId: string): Promise<void> {
    await this.access.require(user, roomId, 'room.member');
    await this.repo.clearRoomLevel(user.id, roomId);
  }
}
