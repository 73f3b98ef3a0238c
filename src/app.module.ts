import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuthModule } from './identity/auth/auth.module';
import { SignInModule } from './identity/sign-in/sign-in.module';
import { AuditModule } from './core/audit/audit.module';
import { OrganizationsModule } from './core/organizations/organizations.module';
import { OrganizationsAdminModule } from './identity/organizations/organizations-admin.module';
import { BlocksModule } from './identity/blocks/blocks.module';
import { DataExportModule } from './operations/data-export/data-export.module';
import { RetentionModule } from './operations/retention/retention.module';
import { LegalHoldsModule } from './operations/legal-holds/legal-holds.module';
import { ComplianceExportModule } from './operations/compliance-export/compliance-export.module';
import { HttpErrorFilter, OTHER_ERROR_FORMATS } from './core/errors/http-exception.filter';
import { SCIM_PREFIX, ScimErrorFilter } from './platform/scim/http/scim-error.filter';
import { LoggingModule } from './core/logging/logging.module';
import { AppValidationPipe } from './core/validation/app-validation.pipe';
import { AppConfigModule } from './core/config/config.module';
import { DatabaseModule } from './core/database/database.module';
import { HealthModule } from './operations/health/health.module';
import { PresenceModule } from './identity/presence/presence.module';
import { RedisModule } from './core/redis/redis.module';
import { UserLimitsModule } from './core/throttling/user-limits';
import { UsersModule } from './identity/users/users.module';
import { IntegrationsModule } from './platform/integrations/integrations.module';
import { ScimModule } from './platform/scim/scim.module';
import { LtiModule } from './platform/lti/lti.module';
import { WebhooksModule } from './platform/webhooks/webhooks.module';
import { NotificationsModule } from './platform/notifications/notifications.module';
import { DomainEventsModule } from './core/events/domain-event-bus';
import { ConversationsModule } from './conversations/conversations.module';
import { MeasurementsModule } from './core/metrics/measurements';
import { MetricsModule } from './operations/metrics/metrics.module';
import { TracingModule } from './operations/tracing/tracing.module';

@Module({})
export class AppModule {
  /** `overrides` replace environment variables (tests boot apps with their own settings). */
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(overrides),
        LoggingModule,
        MeasurementsModule,
        DatabaseModule,
        RedisModule,
        UserLimitsModule,
        EventEmitterModule.forRoot(),
        DomainEventsModule,
        AuditModule,
        OrganizationsModule,
        PresenceModule,
        UsersModule,
        AuthModule,
        SignInModule,
        OrganizationsAdminModule,
        ConversationsModule,
        BlocksModule,
        DataExportModule,
        RetentionModule,
        LegalHoldsModule,
        ComplianceExportModule,
        HealthModule,
        IntegrationsModule,
        ScimModule,
        LtiModule,
        WebhooksModule,
        NotificationsModule,
        MetricsModule,
        TracingModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        // Refusals on SCIM's paths that no SCIM controller caught (a malformed path before routing) in SCIM's format.
        { provide: OTHER_ERROR_FORMATS, useValue: [{ prefix: SCIM_PREFIX, filter: new ScimErrorFilter() }] },
        { provide: APP_PIPE, useClass: AppValidationPipe },
      ],
    };
  }
}
