import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuthModule } from './identity/auth/auth.module';
import { AuditModule } from './core/audit/audit.module';
import { BlocksModule } from './identity/blocks/blocks.module';
import { DataExportModule } from './operations/data-export/data-export.module';
import { RetentionModule } from './operations/retention/retention.module';
import { ModerationModule } from './conversations/moderation/moderation.module';
import { HttpErrorFilter } from './core/errors/http-exception.filter';
import { LoggingModule } from './core/logging/logging.module';
import { AppValidationPipe } from './core/validation/app-validation.pipe';
import { AppConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { ChatRoomsModule } from './conversations/rooms/chat-rooms.module';
import { GatewayModule } from './conversations/realtime/gateway.module';
import { HealthModule } from './operations/health/health.module';
import { MessagesModule } from './conversations/messages/messages.module';
import { PresenceModule } from './identity/presence/presence.module';
import { RedisModule } from './core/redis/redis.module';
import { UserLimitsModule } from './core/throttling/user-limits';
import { UsersModule } from './identity/users/users.module';
import { ReactionsModule } from './conversations/reactions/reactions.module';
import { ThreadsModule } from './conversations/threads/threads.module';
import { MentionsModule } from './conversations/mentions/mentions.module';
import { PinsModule } from './conversations/pins/pins.module';
import { SearchModule } from './conversations/search/search.module';
import { UploadsModule } from './conversations/uploads/uploads.module';
import { IntegrationsModule } from './platform/integrations/integrations.module';
import { WebhooksModule } from './platform/webhooks/webhooks.module';

@Module({})
export class AppModule {
  /** `overrides` replace environment variables (tests boot apps with their own settings). */
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(overrides),
        LoggingModule,
        DatabaseModule,
        RedisModule,
        UserLimitsModule,
        EventEmitterModule.forRoot(),
        AuditModule,
        PresenceModule,
        UsersModule,
        AuthModule,
        ChatRoomsModule,
        MessagesModule,
        BlocksModule,
        ModerationModule,
        DataExportModule,
        RetentionModule,
        GatewayModule,
        HealthModule,
        ReactionsModule,
        ThreadsModule,
        MentionsModule,
        PinsModule,
        SearchModule,
        UploadsModule,
        IntegrationsModule,
        WebhooksModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useClass: AppValidationPipe },
      ],
    };
  }
}
