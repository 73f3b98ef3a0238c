import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import { DeadNotificationListResponse, RequeuedNotificationResponse, toDeadNotificationResponse } from './dto/admin.dto';
import { NotificationOutboxRepository } from './store/notification-outbox.repository';

/** The dead letters: notifications that gave up after their last attempt, for global admins to see and send again. */
@Injectable()
export class NotificationsAdminService {
  constructor(private readonly outbox: NotificationOutboxRepository) {}

  async deadLetters(user: AuthUser): Promise<DeadNotificationListResponse> {
    Policy.require(user, 'notifications.manage');
    return { results: (await this.outbox.deadLetters(200)).map(toDeadNotificationResponse) };
  }

  async requeue(user: AuthUser, id: string): Promise<RequeuedNotificationResponse> {
    Policy.require(user, 'notifications.manage');
    if (!(await this.outbox.requeue(id))) throw new DomainError('not_found', 'No such dead notification.');
    return { requeued: true };
  }
}
