import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { FieldValidationError } from '../../core/errors/domain-error';
import { UnsubscribeQuery } from './dto/unsubscribe.dto';
import { NotificationSettingsService } from './notification-settings.service';
import { isUnsubscribeToken } from './unsubscribe-token';

/** One-click unsubscribe from email digests (RFC 8058). */
@Injectable()
export class UnsubscribeService {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly config: AppConfig,
  ) {}

  page(query: UnsubscribeQuery): string {
    this.requireToken(query);
    const action = `?user=${encodeURIComponent(query.user)}&sig=${encodeURIComponent(query.sig)}`;
    return [
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribe</title></head><body>',
      '<p>Stop email digests of unread messages from Parley?</p>',
      `<form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click">`,
      '<button type="submit">Unsubscribe</button></form></body></html>',
    ].join('\n');
  }

  async confirm(query: UnsubscribeQuery): Promise<void> {
    this.requireToken(query);
    await this.settings.stopEmail(query.user.toLowerCase());
  }

  private requireToken(query: UnsubscribeQuery): void {
    if (!isUnsubscribeToken(this.config.get('JWT_SECRET'), query.user.toLowerCase(), query.sig)) {
      throw FieldValidationError.of('sig', 'This unsubscribe link is not valid.');
    }
  }
}
