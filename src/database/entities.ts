import { Invitation } from '../chat-rooms/entities/invitation.entity';
import { RoomBan } from '../chat-rooms/entities/room-ban.entity';
import { RoomMember } from '../chat-rooms/entities/room-member.entity';
import { Room } from '../chat-rooms/entities/room.entity';
import { Message } from '../messages/entities/message.entity';
import { RefreshToken } from '../auth/entities/refresh-token.entity';
import { UserSession } from '../auth/entities/user-session.entity';
import { User } from '../users/entities/user.entity';
import { SlowModeMark } from '../chat-rooms/entities/slow-mode-mark.entity';
import { UserBlock } from '../blocks/entities/user-block.entity';
import { Report } from '../moderation/entities/report.entity';
import { AuditEntry } from '../audit/entities/audit-entry.entity';

/** Every entity, listed so the app, the CLI and Jest load them the same way (no globs). */
export const ENTITIES = [User, UserSession, RefreshToken, Room, RoomMember, RoomBan, Invitation, Message, UserBlock, Report, AuditEntry, SlowModeMark];
