import { Module } from '@nestjs/common';
import { BlocksModule } from '../blocks/blocks.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { BansController } from './bans.controller';
import { BansService } from './bans.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { MembershipService } from './membership.service';
import { RoomAccess } from './room-access.service';
import { RoomLimits } from './room-limits';
import { RoomViews } from './room-views';
import { RoomsController } from './rooms.controller';
import { RoomsRepository } from './rooms.repository';
import { RoomsService } from './rooms.service';

@Module({
  imports: [MessageStoreModule, BlocksModule],
  controllers: [RoomsController, MembersController, InvitationsController, BansController],
  providers: [RoomsRepository, RoomAccess, RoomLimits, BansService, RoomViews, RoomsService, MembershipService, InvitationsService],
  exports: [RoomAccess, RoomsRepository, RoomViews, MembershipService, InvitationsService],
})
export class ChatRoomsModule {}
