import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../../../core/config/app-config.service';
import { DigestMail } from './email-digest';

/** Email over SMTP (nodemailer), one pooled transport per node; off without SMTP_URL. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private transport?: Transporter;

  constructor(private readonly config: AppConfig) {}

  enabled(): boolean {
    return Boolean(this.config.get('SMTP_URL'));
  }

  /** RFC 8058 one-click unsubscribe: the link in List-Unsubscribe takes a POST with `List-Unsubscribe=One-Click`. */
  async send(to: string, mail: DigestMail, unsubscribeUrl: string): Promise<void> {
    this.transport ??= nodemailer.createTransport(this.config.get('SMTP_URL')!);
    await this.transport.sendMail({
      from: this.config.get('EMAIL_FROM'),
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
