import { Module } from '@nestjs/common';
import { ConversationsModule } from '../../conversations/conversations.module';
import { ApnsProvider } from './channels/apns.provider';
import { EmailSender } from './channels/email.sender';
import { FcmProvider } from './channels/fcm.provider';
import { PUSH_PROVIDERS, PushProvider } from './channels/push-provider';
import { WebPushProvider } from './channels/web-push.provider';
import { DevicesController } from './http/devices.controller';
import { NotificationSettingsController } from './http/notification-settings.controller';
import { NotificationsAdminController } from './http/notifications-admin.controller';
import { UnsubscribeController } from './http/unsubscribe.controller';
import { NotificationDelivery } from './notification-delivery';
import { NotificationDevicesService } from './notification-devices.service';
import { NotificationPlanner } from './notification-planner';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationWorker } from './notification-worker';
import { NotificationsAdminService } from './notifications-admin.service';
import { NotificationOutboxRepository } from './store/notification-outbox.repository';
import { NotificationPreferencesRepository } from './store/notification-preferences.repository';
import { UnsubscribeService } from './unsubscribe.service';
import { VapidKeyStore } from './vapid-keys';

/**
 * Notifications for people who are away (docs/notifications.md): NotificationPlanner turns new messages
 * into outbox rows, NotificationWorker (any node) claims and sends them through the push providers and SMTP.
 */
@Module({
  imports: [ConversationsModule],
  controllers: [DevicesController, NotificationSettingsController, NotificationsAdminController, UnsubscribeController],
  providers: [
    NotificationPreferencesRepository,
    NotificationOutboxRepository,
    NotificationDevicesService,
    NotificationSettingsService,
    NotificationsAdminService,
    UnsubscribeService,
    NotificationPlanner,
    NotificationDelivery,
    NotificationWorker,
    VapidKeyStore,
    WebPushProvider,
    FcmProvider,
    ApnsProvider,
    EmailSender,
    {
      provide: PUSH_PROVIDERS,
      inject: [WebPushProvider, FcmProvider, ApnsProvider],
      useFactory: (...providers: PushProvider[]): PushProvider[] => providers,
    },
  ],
  exports: [NotificationWorker, NotificationPlanner],
})
export class NotificationsModule {}
