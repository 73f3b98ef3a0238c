import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './audit/audit.module';
import { BlocksModule } from './blocks/blocks.module';
import { DataExportModule } from './data-export/data-export.module';
import { RetentionModule } from './retention/retention.module';
import { ModerationModule } from './moderation/moderation.module';
import { HttpErrorFilter } from './common/errors/http-exception.filter';
import { LoggingModule } from './common/logging/logging.module';
import { AppValidationPipe } from './common/validation/app-validation.pipe';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ChatRoomsModule } from './chat-rooms/chat-rooms.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { MessagesModule } from './messages/messages.module';
import { PresenceModule } from './presence/presence.module';
import { RedisModule } from './redis/redis.module';
import { UserLimitsModule } from './common/throttling/user-limits';
import { UsersModule } from './users/users.module';

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
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useClass: AppValidationPipe },
      ],
    };
  }
}
