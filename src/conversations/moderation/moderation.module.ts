import { Module } from '@nestjs/common';
import { ChatRoomsModule } from '../rooms/chat-rooms.module';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../../identity/users/users.module';
import { AuditService } from './audit.service';
import { ModerationController } from './http/moderation.controller';
import { ReportsController } from './http/reports.controller';
import { ReportsRepository } from './store/reports.repository';
import { ReportsService } from './reports.service';

/** Reports, the moderation queue and reading the audit log. */
@Module({
  imports: [ChatRoomsModule, MessagesModule, UsersModule],
  controllers: [ReportsController, ModerationController],
  providers: [ReportsRepository, ReportsService, AuditService],
})
export class ModerationModule {}
