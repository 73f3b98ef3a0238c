import { Module } from '@nestjs/common';
import { ConversationsModule } from '../../conversations/conversations.module';
import { AuthModule } from '../../identity/auth/auth.module';
import { UsersModule } from '../../identity/users/users.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { ScimDiscoveryController } from './http/scim-discovery.controller';
import { ScimGroupsController } from './http/scim-groups.controller';
import { ScimUsersController } from './http/scim-users.controller';
import { ScimGroupsService } from './scim-groups.service';
import { ScimUsersService } from './scim-users.service';
import { ScimRepository } from './store/scim.repository';

/** SCIM 2.0 service provider (RFC 7643, 7644) at /scim/v2, for Okta and Entra ID (docs/scim.md). */
@Module({
  imports: [AuthModule, UsersModule, ConversationsModule, IntegrationsModule],
  controllers: [ScimUsersController, ScimGroupsController, ScimDiscoveryController],
  providers: [ScimRepository, ScimUsersService, ScimGroupsService],
})
export class ScimModule {}
