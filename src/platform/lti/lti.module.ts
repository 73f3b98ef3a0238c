import { Module } from '@nestjs/common';
import { AuthModule } from '../../identity/auth/auth.module';
import { SignInModule } from '../../identity/sign-in/sign-in.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { LtiAdminController } from './http/lti-admin.controller';
import { LtiToolController } from './http/lti-tool.controller';
import { LtiCourseRooms } from './lti-course-rooms';
import { LtiDeepLinkingService } from './lti-deep-linking.service';
import { LtiDynamicRegistrationService } from './lti-dynamic-registration.service';
import { LtiIdTokenVerifier } from './lti-id-token.verifier';
import { LtiKeys } from './lti-keys.service';
import { LtiLaunchService } from './lti-launch.service';
import { LtiPlatformsService } from './lti-platforms.service';
import { LtiRosterService } from './lti-roster.service';
import { LtiRosterWorker } from './lti-roster.worker';
import { LtiTool } from './lti-tool.service';
import { LtiRepository } from './store/lti.repository';

/** Parley as an LTI 1.3 tool with LTI Advantage (docs/lti.md): platforms, launches, rosters (NRPS), deep linking. */
@Module({
  imports: [AuthModule, SignInModule, IntegrationsModule],
  controllers: [LtiAdminController, LtiToolController],
  providers: [
    LtiRepository,
    LtiKeys,
    LtiTool,
    LtiPlatformsService,
    LtiIdTokenVerifier,
    LtiCourseRooms,
    LtiRosterService,
    LtiRosterWorker,
    LtiDeepLinkingService,
    LtiLaunchService,
    LtiDynamicRegistrationService,
  ],
})
export class LtiModule {}
