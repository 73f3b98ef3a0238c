import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { HandoffController } from './http/handoff.controller';
import { SignInHandoff } from './sign-in-handoff.service';
import { SignInHandoffRow } from './store/entities/sign-in-handoff.entity';
import { SignInHandoffsRepository } from './store/sign-in-handoffs.repository';

/** Browser sign-in (docs/sign-in.md): the handoff of a login to the web app. */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([SignInHandoffRow])],
  controllers: [HandoffController],
  providers: [SignInHandoff, SignInHandoffsRepository],
  exports: [SignInHandoff],
})
export class SignInModule {}
