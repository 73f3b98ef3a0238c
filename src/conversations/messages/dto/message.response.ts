import { ApiProperty } from '@nestjs/swagger';
import { UploadResponse } from '../../uploads/dto/upload.response';
import { UserResponse } from '../../../identity/users/dto/user.response';
import { MESSAGE_VISIBILITIES, type MessageVisibility } from '../store/entities/message.entity';

/** One emoji's reactions on a message. */
export class ReactionSummary {
  /** A Unicode emoji or a `:short_name:`. */
  emoji: string;
  count: number;
  /** Whether the viewer reacted with it (always false in socket broadcasts, which are nobody's view). */
  me: boolean;
}

/** A member the message mentions. */
export class MentionResponse {
  id: string;
  username: string;
}

/** The contract's Message resource. */
export class MessageResponse {
  id: string;
  room_id: string;
  /** Per room, gapless, strictly increasing in commit order. */
  seq: number;
  @ApiProperty({ enum: ['text', 'system'] })
  type: 'text' | 'system';
  @ApiProperty({ type: () => UserResponse, nullable: true })
  sender: UserResponse | null;
  /** Empty when deleted. */
  content: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  meta: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true })
  reply_to_id: string | null;
  @ApiProperty({ type: String, nullable: true })
  client_message_id: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  edited_at: string | null;
  deleted: boolean;
  /** Members named with `@username`, resolved when sent (`@room` / `@here` notify everyone but are not listed). */
  @ApiProperty({ type: () => [MentionResponse] })
  mentions: MentionResponse[];
  /** Set on a thread reply: its root. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  thread_root_id: string | null;
  /** A thread reply that also shows in the room's main history. */
  also_in_room: boolean;
  /** On a thread root: its replies so far (0 elsewhere). */
  reply_count: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_reply_at: string | null;
  /** On a thread root: the ids of its first three distinct repliers. */
  @ApiProperty({ type: [String], format: 'uuid' })
  thread_participants: string[];
  /** When a room owner or admin pinned it; null when not pinned. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pinned_at: string | null;
  /** Who pinned it (user id). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  pinned_by: string | null;
  /** Per emoji, in order of first use. */
  @ApiProperty({ type: () => [ReactionSummary] })
  reactions: ReactionSummary[];
  /** Files sent with the message, in the order given (empty when deleted). */
  @ApiProperty({ type: () => UploadResponse, isArray: true })
  attachments: UploadResponse[];
  /**
   * Who sees it: `visible` (everyone who may read the room), `held` (awaiting a moderator's review: only its
   * sender and the room's owners, admins and global admins see it until approved) or `shadow` (sent under a
   * shadow suspension: only the moderators are told so; its sender sees `visible`). docs/compliance.md.
   */
  @ApiProperty({ enum: MESSAGE_VISIBILITIES })
  visibility: MessageVisibility;
}
