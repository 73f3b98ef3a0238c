import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { NotificationDevice } from './entities/notification-device.entity';
import { NotificationRoomSetting } from './entities/notification-room-setting.entity';
import { NotificationSettings, NotifyLevel } from './entities/notification-settings.entity';

/** Devices and preferences: what a user chose about their notifications. */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A user's organization, for a signed link that names only the user (run in system scope). */
  async organizationOfUser(userId: string): Promise<string | null> {
    const [row] = await queryRows<{ organization_id: string }>(this.dataSource, `SELECT organization_id FROM users WHERE id = $1`, [userId]);
    return row?.organization_id ?? null;
  }

  private get devices() {
    return this.dataSource.getRepository(NotificationDevice);
  }

  private get settings() {
    return this.dataSource.getRepository(NotificationSettings);
  }

  private get roomSettings() {
    return this.dataSource.getRepository(NotificationRoomSetting);
  }

  /** Registers or replaces the device with the client's id (its login moves to the caller's). */
  async saveDevice(device: Partial<NotificationDevice> & { userId: string; id: string }): Promise<NotificationDevice> {
    await this.devices.upsert(device, ['userId', 'id']);
    return (await this.devices.findOneBy({ userId: device.userId, id: device.id }))!;
  }

  listDevices(userId: string): Promise<NotificationDevice[]> {
    return this.devices.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async deleteDevice(userId: string, id: string): Promise<boolean> {
    return ((await this.devices.delete({ userId, id })).affected ?? 0) > 0;
  }

  /** A logout: the devices its login registered. */
  async deleteSessionDevices(sessionId: string): Promise<void> {
    await this.devices.delete({ sessionId });
  }

  async deleteUserDevices(userId: string): Promise<void> {
    await this.devices.delete({ userId });
  }

  findSettings(userId: string): Promise<NotificationSettings | null> {
    return this.settings.findOneBy({ userId });
  }

  async saveSettings(settings: Partial<NotificationSettings> & { userId: string }): Promise<NotificationSettings> {
    await this.settings.upsert(settings, ['userId']);
    return (await this.settings.findOneBy({ userId: settings.userId }))!;
  }

  async roomLevel(userId: string, roomId: string): Promise<NotifyLevel | null> {
    return (await this.roomSettings.findOneBy({ userId, roomId }))?.level ?? null;
  }

  async setRoomLevel(userId: string, roomId: string, level: NotifyLevel): Promise<void> {
    await this.roomSettings.upsert({ userId, roomId, level }, ['userId', 'roomId']);
  }

  async clearRoomLevel(userId: string, roomId: string): Promise<void> {
    await this.roomSettings.delete({ userId, roomId });
  }
}
