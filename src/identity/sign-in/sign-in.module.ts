import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { HandoffController } from './http/handoff.controller';
import { OidcController } from './http/oidc.controller';
import { SamlController } from './http/saml.controller';
import { SignInProvidersController } from './http/sign-in-providers.controller';
import { OidcSignIn } from './oidc-sign-in.service';
import { SamlSignIn } from './saml-sign-in.service';
import { SecretBox } from './secret-box';
import { SignInHandoff } from './sign-in-handoff.service';
import { SignInProvidersService } from './sign-in-providers.service';
import { IdpSessionsRepository } from './store/idp-sessions.repository';
import { SignInHandoffRow } from './store/entities/sign-in-handoff.entity';
import { SignInIdpSession } from './store/entities/sign-in-idp-session.entity';
import { SignInProvider } from './store/entities/sign-in-provider.entity';
import { SignInReplay } from './store/entities/sign-in-replay.entity';
import { SignInRequest } from './store/entities/sign-in-request.entity';
import { SignInHandoffsRepository } from './store/sign-in-handoffs.repository';
import { SignInProvidersRepository } from './store/sign-in-providers.repository';
import { SignInRequestsRepository } from './store/sign-in-requests.repository';

/**
 * Browser sign-in (docs/sign-in.md): the handoff of a login to the web app, and sign-in through an
 * organization's OpenID Connect or SAML identity provider.
 */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([SignInHandoffRow, SignInProvider, SignInRequest, SignInIdpSession, SignInReplay])],
  controllers: [HandoffController, SignInProvidersController, OidcController, SamlController],
  providers: [
    SignInHandoff,
    SignInProvidersService,
    OidcSignIn,
    SamlSignIn,
    SecretBox,
    SignInHandoffsRepository,
    SignInProvidersRepository,
    SignInRequestsRepository,
    IdpSessionsRepository,
  ],
  exports: [SignInHandoff],
})
export class SignInModule {}
