import { Module } from '@nestjs/common';
import { BlocksModule } from '../../identity/blocks/blocks.module';
import { MessageStoreModule } from '../messages/message-store.module';
import { BansController } from './http/bans.controller';
import { BansService } from './bans.service';
import { InvitationsController } from './http/invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembersController } from './http/members.controller';
import { MembershipService } from './membership.service';
import { RoomAccess } from './room-access.service';
import { RoomLimits } from './room-limits';
import { RoomViews } from './room-views';
import { RoomsController } from './http/rooms.controller';
import { RoomsRepository } from './store/rooms.repository';
import { RoomsService } from './rooms.service';

@Module({
  imports: [MessageStoreModule, BlocksModule],
  controllers: [RoomsController, MembersController, InvitationsController, BansController],
  providers: [RoomsRepository, RoomAccess, RoomLimits, BansService, RoomViews, RoomsService, MembershipService, InvitationsService],
  exports: [RoomAccess, RoomsRepository, RoomViews, MembershipService, InvitationsService],
})
export class ChatRoomsModule {}
