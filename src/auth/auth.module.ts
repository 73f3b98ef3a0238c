import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.service';
import { UsersModule } from '../users/users.module';
import { AdminBootstrap } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { RefreshToken } from './entities/refresh-token.entity';
import { UserSession } from './entities/user-session.entity';
import { AUTH_THROTTLE_BY_IP, AUTH_THROTTLE_BY_LOGIN, AuthThrottlerGuard, loginNameTracker } from './guards/auth-throttler.guard';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { PasswordController } from './password.controller';
import { PasswordHasher } from './password-hasher.service';
import { SessionsRepository } from './sessions.repository';
import { JwtStrategy } from './strategies/jwt.strategy';
import { TokenService } from './token.service';

@Module({
  imports: [
    UsersModule,
    PassportModule,
    JwtModule.register({}),
    TypeOrmModule.forFeature([UserSession, RefreshToken]),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: AUTH_THROTTLE_BY_IP, ttl: config.get('THROTTLE_AUTH_TTL') * 1000, limit: config.get('THROTTLE_AUTH_IP_LIMIT') },
          {
            name: AUTH_THROTTLE_BY_LOGIN,
            ttl: config.get('THROTTLE_AUTH_TTL') * 1000,
            limit: config.get('THROTTLE_AUTH_LOGIN_LIMIT'),
            getTracker: loginNameTracker,
          },
        ],
      }),
    }),
  ],
  controllers: [AuthController, PasswordController],
  providers: [
    AuthService,
    AdminBootstrap,
    AuthThrottlerGuard,
    JwtStrategy,
    PasswordHasher,
    SessionsRepository,
    TokenService,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [SessionsRepository, TokenService],
})
export class AuthModule {}
