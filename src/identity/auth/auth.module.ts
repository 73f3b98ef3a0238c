import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { AccessTokenVerifier } from './access-token.verifier';
import { AdminBootstrap } from './admin-bootstrap.service';
import { AuthController } from './http/auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './store/entities/refresh-token.entity';
import { UserSession } from './store/entities/user-session.entity';
import { AuthThrottleGuard } from './guards/auth-throttle.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { LoginThrottle } from './login-throttle';
import { PasswordController } from './http/password.controller';
import { PasswordHasher } from './password-hasher.service';
import { SessionsRepository } from './store/sessions.repository';
import { JwtStrategy } from './strategies/jwt.strategy';
import { TokenService } from './token.service';
import { ExternalIdentity } from './store/entities/external-identity.entity';
import { ExternalIdentitiesRepository } from './store/external-identities.repository';
import { ExternalUsersService } from './external/external-users.service';
import { ExternalTokenVerifier } from './external/external-token.verifier';
import { SuspensionsController } from './http/suspensions.controller';
import { SuspensionsService } from './suspensions.service';
import { SuspensionsRepository } from './store/suspensions.repository';
import { ShadowSuspensions } from './shadow-suspensions';

@Module({
  imports: [UsersModule, PassportModule, JwtModule.register({}), TypeOrmModule.forFeature([UserSession, RefreshToken, ExternalIdentity])],
  controllers: [AuthController, PasswordController, SuspensionsController],
  providers: [
    AccessTokenVerifier,
    AuthService,
    AdminBootstrap,
    AuthThrottleGuard,
    JwtStrategy,
    LoginThrottle,
    PasswordHasher,
    SessionsRepository,
    TokenService,
    ExternalIdentitiesRepository,
    ExternalUsersService,
    ExternalTokenVerifier,
    SuspensionsRepository,
    SuspensionsService,
    ShadowSuspensions,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [
    AccessTokenVerifier,
    AuthService,
    SuspensionsService,
    ShadowSuspensions,
    SessionsRepository,
    TokenService,
    ExternalIdentitiesRepository,
    ExternalUsersService,
    PasswordHasher,
  ],
})
export class AuthModule {}
