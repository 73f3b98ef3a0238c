import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { OrganizationsController } from './http/organizations.controller';
import { OrganizationsService } from './organizations.service';

/** The organizations' routes (the table and its repository are core's: OrganizationsModule). */
@Module({
  imports: [UsersModule, AuthModule],
  controllers: [OrganizationsController],
  providers: [OrganizationsService],
})
export class OrganizationsAdminModule {}
